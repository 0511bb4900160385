using System.Text;

namespace MovieRec.Agent.Email;

/// <summary>"Sends" by writing each message as an .eml file into a folder: user-{id}.eml, never overwriting (user-{id}-2.eml ...).</summary>
public sealed class EmlFolderSender(string folder, MimeMessageWriter? writer = null) : IEmailSender
{
    private readonly MimeMessageWriter _writer = writer ?? new MimeMessageWriter();

    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var document = _writer.Write(message);
        try
        {
            Directory.CreateDirectory(Folder);
            var stem = "user-" + SafeFileName(message.Key);
            for (var n = 1; ; n++)
            {
                var path = Path.Combine(Folder, n == 1 ? stem + ".eml" : $"{stem}-{n}.eml");
                if (File.Exists(path)) continue;
                try
                {
                    // CreateNew: if another writer took the name in between, try the next suffix rather than overwrite.
                    await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                    await stream.WriteAsync(document.ToBytes(), cancellationToken);
                    return new EmailReceipt(document.MessageId, path);
                }
                catch (IOException) when (File.Exists(path))
                {
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmailDeliveryException($"Cannot write the message for '{message.Key}' into '{Folder}': {e.Message}", e);
        }
    }

    /// <summary>Letters, digits, '.', '_' and '-' kept; anything else (slashes, spaces...) becomes '_'.</summary>
    internal static string SafeFileName(string key)
    {
        var sb = new StringBuilder();
        foreach (var c in key.Length > 100 ? key[..100] : key)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@' ? c : '_');
        var name = sb.ToString().TrimStart('.');
        return name.Length == 0 ? "unknown" : name;
    }
}
