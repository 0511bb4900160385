using System.Net.Security;

namespace MovieRec.Agent.Email;

/// <summary>Where and how to send mail (configuration section "Email:Smtp").</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;

    /// <summary>Credentials for AUTH PLAIN; sent only after STARTTLS unless <see cref="AllowAuthWithoutTls"/>.</summary>
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS before authenticating and sending.</summary>
    public bool UseStartTls { get; set; }

    /// <summary>Send credentials over an unencrypted connection (only sensible for a local relay or a test server).</summary>
    public bool AllowAuthWithoutTls { get; set; }

    /// <summary>Limit for connecting and for each server reply.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The name announced in EHLO; the machine's host name when null.</summary>
    public string? ClientName { get; set; }

    /// <summary>Certificate check for STARTTLS; the system's default validation when null.</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; set; }
}
