using System.Buffers.Binary;
using System.Text.Json;

namespace MovieRec.Engine.Text.Bert;

/// <summary>
/// Reads tensors from a .safetensors file: an 8-byte little-endian header length, a JSON header
/// mapping names to {dtype, shape, data_offsets}, then the raw little-endian data.
/// F32, F16 and BF16 tensors are returned as float arrays.
/// </summary>
public sealed class SafeTensorsFile
{
    public sealed record TensorInfo(string Name, string DType, int[] Shape, long Begin, long End);

    private readonly byte[] _data;
    private readonly long _dataStart;
    private readonly string _displayName;

    public IReadOnlyDictionary<string, TensorInfo> Tensors { get; }

    private SafeTensorsFile(byte[] data, long dataStart, Dictionary<string, TensorInfo> tensors, string displayName)
    {
        _data = data;
        _dataStart = dataStart;
        Tensors = tensors;
        _displayName = displayName;
    }

    public static SafeTensorsFile Load(string path, string? displayName = null)
    {
        displayName ??= Path.GetFileName(path);
        if (!File.Exists(path)) throw new ModelLoadException(displayName, "file not found");
        return Parse(File.ReadAllBytes(path), displayName);
    }

    public static SafeTensorsFile Parse(byte[] bytes, string displayName)
    {
        if (bytes.Length < 8) throw new ModelLoadException(displayName, $"file is {bytes.Length} bytes, too short for a safetensors header");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
            throw new ModelLoadException(displayName, $"header length {headerLength} exceeds file size {bytes.Length}");
        var dataStart = 8 + (long)headerLength;
        var dataLength = bytes.Length - dataStart;
        var tensors = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                var dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
                var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw new ModelLoadException(displayName, $"tensor '{entry.Name}' has data offsets outside the file");
                var elementSize = ElementSize(dtype);
                long count = shape.Aggregate(1L, (a, b) => a * b);
                if (elementSize > 0 && count * elementSize != offsets[1] - offsets[0])
                    throw new ModelLoadException(displayName, $"tensor '{entry.Name}' shape [{string.Join(",", shape)}] does not match its {offsets[1] - offsets[0]} bytes of {dtype}");
                tensors[entry.Name] = new TensorInfo(entry.Name, dtype, shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new ModelLoadException(displayName, $"invalid JSON header ({ex.Message})", ex);
        }
        return new SafeTensorsFile(bytes, dataStart, tensors, displayName);
    }

    private static int ElementSize(string dtype) => dtype switch
    {
        "F32" or "I32" => 4,
        "F16" or "BF16" or "I16" => 2,
        "F64" or "I64" => 8,
        "I8" or "U8" or "BOOL" => 1,
        _ => 0,
    };

    public bool Contains(string name) => Tensors.ContainsKey(name);

    /// <summary>The tensor as floats (row-major), checking its shape.</summary>
    public float[] ReadFloats(string name, params int[] expectedShape)
    {
        if (!Tensors.TryGetValue(name, out var info)) throw new ModelLoadException(_displayName, $"tensor '{name}' is missing");
        if (!info.Shape.SequenceEqual(expectedShape))
            throw new ModelLoadException(_displayName, $"tensor '{name}' has shape [{string.Join(",", info.Shape)}], expected [{string.Join(",", expectedShape)}]");
        var span = _data.AsSpan((int)(_dataStart + info.Begin), (int)(info.End - info.Begin));
        int count = expectedShape.Aggregate(1, (a, b) => a * b);
        var result = new float[count];
        switch (info.DType)
        {
            case "F32":
                for (int i = 0; i < count; i++) result[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]);
                break;
            case "F16":
                for (int i = 0; i < count; i++) result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(span[(i * 2)..]);
                break;
            case "BF16":
                for (int i = 0; i < count; i++) result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 2)..]) << 16);
                break;
            default:
                throw new ModelLoadException(_displayName, $"tensor '{name}' has unsupported dtype {info.DType} (F32, F16 or BF16 expected)");
        }
        return result;
    }
}
