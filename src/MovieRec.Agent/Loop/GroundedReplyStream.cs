using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MovieRec.Core.Catalog;

namespace MovieRec.Agent.Loop;

/// <summary>
/// <see cref="ReplyGrounding.DropUngroundedItems"/> for a reply that arrives in pieces, so that what the user sees
/// while it streams is what the saved reply says. Prose goes out as it comes; a line that may be a list item is held
/// until it ends and goes out only if <see cref="ReplyGrounding.Keeps"/> keeps it. Everything returned, added up, is
/// exactly DropUngroundedItems of the whole text with the same <see cref="GroundedIds"/>.
/// </summary>
public sealed class GroundedReplyStream(MovieCatalog catalog)
{
    private readonly StringBuilder _held = new(); // the current line while it may still be a list item
    private bool _passing; // the current line is prose and already going out
    private bool _anyKept; // a line went out, so the next one that does needs its '\n' first

    /// <summary>The turn's grounded picks; each held line is judged when it ends, against the ids at that moment.</summary>
    public IReadOnlySet<int> GroundedIds { get; set; } = new HashSet<int>();

    /// <summary>Takes the next piece of the reply; returns what may be shown now (often nothing).</summary>
    public string Push(string delta)
    {
        var output = new StringBuilder();
        var pieces = delta.Split('\n');
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i > 0) EndLine(output);
            Append(pieces[i], output);
        }
        return output.ToString();
    }

    /// <summary>The reply is complete: returns what is left of its last line (which needs no newline).</summary>
    public string Complete()
    {
        var output = new StringBuilder();
        EndLine(output);
        return output.ToString();
    }

    private void Append(string piece, StringBuilder output)
    {
        if (_passing)
        {
            output.Append(piece);
            return;
        }
        _held.Append(piece);
        if (ReplyGrounding.MayBeListItem(_held.ToString())) return;
        StartLine(output).Append(_held); // prose whatever follows: show it now, and the rest of the line as it comes
        _held.Clear();
        _passing = true;
    }

    private void EndLine(StringBuilder output)
    {
        // the final reply's pass logs what is dropped; logging here too would say it twice
        if (!_passing && ReplyGrounding.Keeps(_held.ToString(), GroundedIds, catalog, NullLogger.Instance))
            StartLine(output).Append(_held);
        _held.Clear();
        _passing = false;
    }

    // The '\n' between lines goes out with the next kept line, as string.Join puts it: a dropped last line leaves none behind.
    private StringBuilder StartLine(StringBuilder output)
    {
        if (_anyKept) output.Append('\n');
        _anyKept = true;
        return output;
    }
}
