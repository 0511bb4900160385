namespace MovieRec.Engine.Recommenders;

/// <summary>A model file was trained on other data or is of another kind; it must be retrained, never silently used.</summary>
public sealed class ModelMismatchException(string message) : Exception(message);

/// <summary>A model file is not a MovieRec model, is of an unsupported format version, or is truncated.</summary>
public sealed class ModelFormatException(string message, Exception? inner = null) : Exception(message, inner);
