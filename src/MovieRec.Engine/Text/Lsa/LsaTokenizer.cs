using System.Collections.Frozen;

namespace MovieRec.Engine.Text.Lsa;

/// <summary>
/// Terms of a text for TF-IDF: lower-cased runs of two or more letters/digits, English stop words removed, plurals
/// folded (<see cref="Fold"/>), then (optionally) bigrams of adjacent remaining words, as scikit-learn's TfidfVectorizer does.
/// </summary>
public static class LsaTokenizer
{
    /// <summary>A common English stop-word list (articles, pronouns, auxiliaries, prepositions, conjunctions).</summary>
    public static FrozenSet<string> StopWords { get; } = """
        a about above across after afterwards again against all almost alone along already also although always am
        among amongst an and another any anyhow anyone anything anyway anywhere are around as at back be became because
        become becomes becoming been before beforehand behind being below beside besides between beyond both but by can
        cannot could did do does doing done down during each either else elsewhere enough etc even ever every everyone
        everything everywhere except few for former formerly from further had has have having he hence her here
        hereafter hereby herein hereupon hers herself him himself his how however i ie if in indeed into is it its itself
        just latter latterly least less many may me meanwhile might mine more moreover most mostly much must my myself
        namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of off often on once one
        only onto or other others otherwise our ours ourselves out over own per perhaps please rather re same seem seemed
        seeming seems several she should since so some somehow someone something sometime sometimes somewhere still such
        than that the their theirs them themselves then thence there thereafter thereby therefore therein thereupon these
        they this those though through throughout thru thus to together too toward towards under until up upon us very
        via was we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon
        wherever whether which while whither who whoever whole whom whose why will with within without would yet you
        your yours yourself yourselves s t don doesn didn isn wasn aren weren won wouldn couldn shouldn ll ve
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The words of <paramref name="text"/> that are not stop words, lower-cased and folded, in order.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var span = text.AsSpan();
        Span<char> buffer = stackalloc char[64];
        var stopWords = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && !char.IsLetterOrDigit(span[i])) i++;
            var start = i;
            while (i < span.Length && char.IsLetterOrDigit(span[i])) i++;
            var length = i - start;
            if (length < 2 || length > buffer.Length) continue; // single letters and absurdly long runs carry no topic
            var lower = buffer[..length];
            span.Slice(start, length).ToLowerInvariant(lower);
            if (!stopWords.Contains(lower)) words.Add(new string(lower[..Fold(lower)]));
        }
        return words;
    }

    /// <summary>
    /// Folds the common English plural and -y/-ie endings to one form, so that a query's "dogs" finds a description's "dog"
    /// and "stories" finds "story": dogs -> dog, stories and story -> stori, zombies and zombie -> zombi, witches -> witch.
    /// Only the same form matters, not a dictionary word. Words with digits ("1990s") and -ss/-us/-is endings stay.
    /// </summary>
    public static string Fold(string word)
    {
        var chars = word.ToCharArray();
        return new string(chars, 0, Fold(chars));
    }

    /// <summary>Folds the lower-case word in <paramref name="word"/> in place (one allocation per word in the tokenizer); returns its new length.</summary>
    private static int Fold(Span<char> word)
    {
        var n = word.Length;
        if (n < 3 || word.ContainsAnyExcept(Letters) || word.SequenceEqual("news")) return n;
        if (word.EndsWith("ies")) { n -= 2; word[n - 1] = 'i'; }
        else if (word.EndsWith("sses") || word.EndsWith("ches") || word.EndsWith("shes") || word.EndsWith("xes")) n -= 2;
        else if (word[^1] == 's' && !word.EndsWith("ss") && !word.EndsWith("us") && !word.EndsWith("is")) n--;

        var w = word[..n];
        if (n > 2 && w[^1] == 'y' && !"aeiou".Contains(w[^2])) { w[^1] = 'i'; return n; }
        return n > 2 && w.EndsWith("ie") ? n - 1 : n;
    }

    /// <summary>Latin lower-case letters: words with digits, other signs or other scripts are not folded.</summary>
    private static readonly System.Buffers.SearchValues<char> Letters = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x250).Select(c => (char)c).Where(c => char.IsLower(c))]);

    /// <summary>Unigrams, then bigrams ("w1 w2") when asked.</summary>
    public static List<string> Terms(string text, bool bigrams)
    {
        var words = Words(text);
        if (!bigrams || words.Count < 2) return words;
        var terms = new List<string>(words.Count * 2 - 1);
        terms.AddRange(words);
        for (var k = 1; k < words.Count; k++) terms.Add(string.Concat(words[k - 1], " ", words[k]));
        return terms;
    }
}
