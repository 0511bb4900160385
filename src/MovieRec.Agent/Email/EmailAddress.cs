namespace MovieRec.Agent.Email;

/// <summary>A mailbox: an ASCII address (no SMTPUTF8) and an optional display name (any Unicode).</summary>
public sealed record EmailAddress
{
    public EmailAddress(string address, string? displayName = null)
    {
        Validate(address);
        Address = address;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
    }

    public string Address { get; }
    public string? DisplayName { get; }

    public override string ToString() => DisplayName is null ? Address : $"{DisplayName} <{Address}>";

    private static void Validate(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var at = address.IndexOf('@');
        if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1)
            throw new ArgumentException($"'{address}' is not an email address (expected local@domain).", nameof(address));
        foreach (var c in address)
            if (c <= ' ' || c >= 0x7F || c is '<' or '>' or '(' or ')' or ',' or ';' or ':' or '"' or '[' or ']' or '\\')
                throw new ArgumentException($"'{address}' is not a plain ASCII email address (character '{c}').", nameof(address));
    }
}
