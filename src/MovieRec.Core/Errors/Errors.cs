namespace MovieRec.Core.Errors;

/// <summary>A problem with what the user asked for (bad argument, unknown id). Surfaces show the message, never a stack trace.</summary>
public class UserInputException(string message, string? field = null) : Exception(message)
{
    /// <summary>The request field at fault, when there is one (an API answers 400 naming it).</summary>
    public string? Field { get; } = field;
}

/// <summary>Something the user named does not exist (a movie or user id). An API answers 404.</summary>
public class NotFoundException(string message) : UserInputException(message);
