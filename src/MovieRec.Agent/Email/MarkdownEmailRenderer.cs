using System.Net;
using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MovieRec.Agent.Email;

/// <summary>Markdown to an HTML email document and to a plain-text alternative (links as "text (url)", no Markdown syntax).</summary>
public static class MarkdownEmailRenderer
{
    // Raw HTML is disabled: bodies may come from an LLM, and mail clients should only see what Markdown produces.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseEmphasisExtras().UseAutoLinks().DisableHtml().Build();

    /// <summary>The body as HTML (fragment, no document wrapper).</summary>
    public static string ToHtmlFragment(string markdown) => Markdown.ToHtml(markdown ?? "", Pipeline);

    /// <summary>A complete HTML document with light inline styling that mail clients keep.</summary>
    public static string ToHtmlDocument(string markdown, string title) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)}</title>
        </head>
        <body style="font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 15px; line-height: 1.5; color: #222; max-width: 640px; margin: 0 auto; padding: 16px;">
        {ToHtmlFragment(markdown)}</body>
        </html>

        """;

    /// <summary>The body as readable plain text.</summary>
    public static string ToPlainText(string markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        return string.Join("\n", Blocks(document, tight: false)).Trim('\n') + "\n";
    }

    private static List<string> Blocks(ContainerBlock container, bool tight)
    {
        var lines = new List<string>();
        foreach (var block in container)
        {
            var rendered = Block(block);
            if (rendered.Count == 0) continue;
            if (lines.Count > 0 && !tight) lines.Add("");
            lines.AddRange(rendered);
        }
        return lines;
    }

    private static List<string> Block(Block block) => block switch
    {
        HeadingBlock h => SplitLines(Inlines(h.Inline)),
        ParagraphBlock p => SplitLines(Inlines(p.Inline)),
        CodeBlock c => c.Lines.ToString().Replace("\r\n", "\n").Split('\n').Select(l => "    " + l).ToList(),
        ThematicBreakBlock => ["----------"],
        ListBlock list => ListLines(list),
        QuoteBlock quote => Blocks(quote, tight: false).Select(l => l.Length == 0 ? ">" : "> " + l).ToList(),
        Table table => table.OfType<TableRow>()
            .Select(row => string.Join(" | ", row.OfType<TableCell>().Select(cell => string.Join(" ", Blocks(cell, tight: true)))))
            .ToList(),
        LinkReferenceDefinitionGroup => [],
        ContainerBlock other => Blocks(other, tight: false),
        LeafBlock leaf => SplitLines(leaf.Inline is null ? leaf.Lines.ToString() : Inlines(leaf.Inline)),
        _ => [],
    };

    private static List<string> ListLines(ListBlock list)
    {
        var lines = new List<string>();
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var bullet = list.IsOrdered ? $"{number++}. " : "- ";
            var content = Blocks(item, tight: !list.IsLoose);
            if (list.IsLoose && lines.Count > 0) lines.Add("");
            for (var i = 0; i < content.Count; i++)
                lines.Add(i == 0 ? bullet + content[i] : (content[i].Length == 0 ? "" : new string(' ', bullet.Length) + content[i]));
        }
        return lines;
    }

    private static List<string> SplitLines(string text) => [.. text.Split('\n')];

    private static string Inlines(ContainerInline? container)
    {
        if (container is null) return "";
        var sb = new StringBuilder();
        foreach (var inline in container) Inline(inline, sb);
        return sb.ToString();
    }

    private static void Inline(Inline inline, StringBuilder sb)
    {
        switch (inline)
        {
            case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
            case CodeInline code: sb.Append(code.Content); break;
            case LineBreakInline: sb.Append('\n'); break;
            case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
            case AutolinkInline auto: sb.Append(auto.Url); break;
            case HtmlInline: break;
            case LinkInline link:
            {
                var text = Inlines(link);
                var url = link.Url ?? "";
                if (link.IsImage) sb.Append(text.Length > 0 ? $"{text} ({url})" : url);
                else if (text.Length == 0 || SameTarget(text, url)) sb.Append(url.Length > 0 && text.Length == 0 ? url : text);
                else sb.Append($"{text} ({url})");
                break;
            }
            case ContainerInline container: sb.Append(Inlines(container)); break; // emphasis and the like: keep the words only
        }
    }

    private static bool SameTarget(string text, string url) =>
        url == text || url == "http://" + text || url == "https://" + text || url == "mailto:" + text;
}
