namespace MovieRec.Engine.Text.Bert;

/// <summary>A model folder is missing a file or a file is corrupt. The message names the file and the reason.</summary>
public sealed class ModelLoadException : Exception
{
    public string FileName { get; }

    public ModelLoadException(string fileName, string reason, Exception? inner = null)
        : base($"{fileName}: {reason}", inner)
    {
        FileName = fileName;
    }
}
