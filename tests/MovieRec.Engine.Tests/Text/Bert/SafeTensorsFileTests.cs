using System.Buffers.Binary;
using System.Text;
using MovieRec.Engine.Text.Bert;

namespace MovieRec.Engine.Tests.Text.Bert;

public class SafeTensorsFileTests
{
    /// <summary>A file with one tensor "t" of the given dtype/shape and raw data.</summary>
    private static byte[] File(string dtype, int[] shape, byte[] data, int? declaredBytes = null)
    {
        var header = Encoding.UTF8.GetBytes(
            $"{{\"__metadata__\":{{\"format\":\"pt\"}},\"t\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[0,{declaredBytes ?? data.Length}]}}}}");
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    [Fact]
    public void Decodes_F32_F16_and_BF16()
    {
        float[] values = [1.5f, -2.25f, 0f, 65504f];
        var f32 = values.SelectMany(BitConverter.GetBytes).ToArray();
        var f16 = values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray();
        var bf16 = values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(v) >> 16))).ToArray();
        Assert.Equal(values, SafeTensorsFile.Parse(File("F32", [2, 2], f32), "x").ReadFloats("t", 2, 2));
        Assert.Equal(values, SafeTensorsFile.Parse(File("F16", [2, 2], f16), "x").ReadFloats("t", 2, 2));
        Assert.Equal([1.5f, -2.25f, 0f, 65280f], SafeTensorsFile.Parse(File("BF16", [4], bf16), "x").ReadFloats("t", 4)); // bf16 keeps 8 bits of mantissa
    }

    [Fact]
    public void Reports_shape_size_and_dtype_problems()
    {
        var data = new byte[16];
        Assert.Equal("w.safetensors: tensor 't' has shape [4], expected [2,2]",
            Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Parse(File("F32", [4], data), "w.safetensors").ReadFloats("t", 2, 2)).Message);
        Assert.Equal("w.safetensors: tensor 't' shape [3] does not match its 16 bytes of F32",
            Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Parse(File("F32", [3], data), "w.safetensors")).Message);
        Assert.Equal("w.safetensors: tensor 't' has unsupported dtype I64 (F32, F16 or BF16 expected)",
            Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Parse(File("I64", [2], data), "w.safetensors").ReadFloats("t", 2)).Message);
        Assert.Equal("w.safetensors: file is 3 bytes, too short for a safetensors header",
            Assert.Throws<ModelLoadException>(() => SafeTensorsFile.Parse([1, 2, 3], "w.safetensors")).Message);
    }
}
