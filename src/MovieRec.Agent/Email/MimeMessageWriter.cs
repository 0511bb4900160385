using System.Globalization;
using System.Text;

namespace MovieRec.Agent.Email;

/// <summary>How the text and HTML parts are encoded. Both keep lines short and the message 7-bit ASCII.</summary>
public enum BodyEncoding { QuotedPrintable, Base64 }

/// <summary>A message ready to send or save: its Message-ID and its RFC 5322 text (ASCII, CRLF line endings).</summary>
public sealed record MimeDocument(string MessageId, string Text)
{
    public byte[] ToBytes() => Encoding.ASCII.GetBytes(Text);
}

/// <summary>
/// Writes an <see cref="EmailMessage"/> as RFC 5322 / MIME: multipart/alternative with a text/plain part (Markdown
/// stripped) and a text/html part (Markdown rendered), UTF-8, headers encoded per RFC 2047, lines well under 998 characters.
/// </summary>
public sealed class MimeMessageWriter(BodyEncoding encoding = BodyEncoding.QuotedPrintable, TimeProvider? time = null)
{
    private const string Crlf = MimeEncoding.Crlf;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public MimeDocument Write(EmailMessage message)
    {
        var messageId = message.MessageId ?? NewMessageId(message.From);
        var boundary = "=_movierec_" + Guid.NewGuid().ToString("N"); // "=_" cannot occur in base64 or quoted-printable
        var date = message.Date ?? _time.GetLocalNow();

        var sb = new StringBuilder();
        sb.Append("Date: ").Append(FormatDate(date)).Append(Crlf);
        sb.Append("From: ").Append(MimeEncoding.Mailbox(message.From)).Append(Crlf);
        sb.Append("To: ").Append(MimeEncoding.Mailbox(message.To)).Append(Crlf);
        sb.Append(MimeEncoding.UnstructuredHeader("Subject", message.Subject)).Append(Crlf);
        sb.Append("Message-ID: <").Append(messageId).Append('>').Append(Crlf);
        sb.Append("MIME-Version: 1.0").Append(Crlf);
        sb.Append("Content-Type: multipart/alternative;").Append(Crlf).Append(" boundary=\"").Append(boundary).Append('"').Append(Crlf);
        sb.Append(Crlf);
        sb.Append("This is a multi-part message in MIME format.").Append(Crlf);
        AppendPart(sb, boundary, "text/plain", MarkdownEmailRenderer.ToPlainText(message.MarkdownBody));
        AppendPart(sb, boundary, "text/html", MarkdownEmailRenderer.ToHtmlDocument(message.MarkdownBody, message.Subject));
        sb.Append("--").Append(boundary).Append("--").Append(Crlf);
        return new MimeDocument(messageId, sb.ToString());
    }

    /// <summary>A fresh Message-ID (without brackets) in the sender's domain.</summary>
    public static string NewMessageId(EmailAddress from) => $"{Guid.NewGuid():N}@{from.Address[(from.Address.IndexOf('@') + 1)..]}";

    /// <summary>RFC 5322 date-time: "Sun, 22 Nov 2026 08:00:00 +0100".</summary>
    public static string FormatDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + $"{sign}{offset.Hours:00}{offset.Minutes:00}";
    }

    private void AppendPart(StringBuilder sb, string boundary, string mediaType, string text)
    {
        var qp = encoding == BodyEncoding.QuotedPrintable;
        sb.Append("--").Append(boundary).Append(Crlf);
        sb.Append("Content-Type: ").Append(mediaType).Append("; charset=utf-8").Append(Crlf);
        sb.Append("Content-Transfer-Encoding: ").Append(qp ? "quoted-printable" : "base64").Append(Crlf);
        sb.Append(Crlf);
        sb.Append(qp ? MimeEncoding.QuotedPrintable(text) : MimeEncoding.Base64(text)).Append(Crlf);
    }
}
