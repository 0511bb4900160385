using System.Collections.Frozen;
using System.Text;

namespace MovieRec.Engine.Text.Vader;

/// <summary>
/// VADER sentiment (Hutto &amp; Gilbert, ICWSM 2014): a port of vaderSentiment 3.3.1's SentimentIntensityAnalyzer
/// that reproduces its scores exactly, including its quirks (noted where they matter). Thread-safe;
/// the hot path does not allocate (per-thread scratch buffers) unless the text contains an emoji.
/// </summary>
public sealed class VaderAnalyzer
{
    // Empirically derived constants of the reference.
    private const double BoosterIncrement = 0.293;
    private const double BoosterDecrement = -0.293;
    private const double CapsIncrement = 0.733;
    private const double NegationScalar = -0.74;
    private const double Alpha = 15;

    private static readonly FrozenSet<string> NegateWords = new[]
    {
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Boosters (degree adverbs) and dampeners. The multi-word keys only match in the idiom check.</summary>
    private static readonly FrozenDictionary<string, double> Boosters = BuildBoosters();

    /// <summary>Special-case idioms containing lexicon words.</summary>
    private static readonly FrozenDictionary<string, double> SpecialCases = new Dictionary<string, double>
    {
        ["the shit"] = 3, ["the bomb"] = 3, ["bad ass"] = 1.5, ["badass"] = 1.5, ["bus stop"] = 0.0,
        ["yeah right"] = -2, ["kiss of death"] = -1.5, ["to die for"] = 3,
        ["beating heart"] = 3.1, ["broken heart"] = -2.9,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NegateLookup = NegateWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenDictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> BoosterLookup = Boosters.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenDictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> SpecialLookup = SpecialCases.GetAlternateLookup<ReadOnlySpan<char>>();

    [ThreadStatic] private static Scratch? t_scratch;

    private readonly VaderLexicon _lexicon;
    private readonly char _firstEmojiChar;

    /// <summary>Loads the lexicons from a folder holding vader_lexicon.txt and emoji_utf8_lexicon.txt.</summary>
    public VaderAnalyzer(string lexiconFolder) : this(VaderLexicon.Load(lexiconFolder)) { }

    public VaderAnalyzer(VaderLexicon lexicon)
    {
        _lexicon = lexicon;
        // Texts with no char at or above the smallest emoji's first UTF-16 unit skip the emoji pass.
        var min = lexicon.Emojis.Count == 0 ? int.MaxValue : lexicon.Emojis.Keys.Min();
        _firstEmojiChar = min > 0xFFFF ? '\uD800' : (char)Math.Min(min, 0xFFFF);
    }

    public VaderLexicon Lexicon => _lexicon;

    /// <summary>The reference's polarity_scores. Null or empty text scores all zeros.</summary>
    public SentimentScores PolarityScores(string? text) => PolarityScores(text.AsSpan());

    public SentimentScores PolarityScores(ReadOnlySpan<char> input)
    {
        var scratch = t_scratch ??= new Scratch();
        var text = Trim(ReplaceEmojis(input, scratch));
        var n = Tokenize(text, scratch);
        if (n == 0) return SentimentScores.Empty;

        var tokens = scratch.Tokens;
        var capsDiffer = CapsDiffer(tokens, n);
        var sentiments = scratch.Sentiments(n);
        for (var i = 0; i < n; i++)
        {
            // Boosters and "kind of" are modifiers, not sentiment of their own.
            if (tokens[i].IsBooster || (i < n - 1 && Is(scratch, i, "kind") && Is(scratch, i + 1, "of")))
                sentiments[i] = 0;
            else
                sentiments[i] = SentimentValence(scratch, i, n, capsDiffer);
        }
        ButCheck(scratch, sentiments, n);
        var scores = ScoreValence(sentiments, n, text);
        if (input.Length > 1 << 20) t_scratch = null; // do not keep a huge text's buffers alive on this thread
        return scores;
    }

    /// <summary>Replaces each emoji code point by its description (a space before it unless one precedes it).</summary>
    private ReadOnlySpan<char> ReplaceEmojis(ReadOnlySpan<char> text, Scratch scratch)
    {
        var first = text.IndexOfAnyInRange(_firstEmojiChar, '\uFFFF');
        if (first < 0) return text;
        var sb = scratch.Builder.Clear();
        var prevSpace = true;
        var i = 0;
        while (i < text.Length)
        {
            int width;
            int codePoint;
            if (Rune.DecodeFromUtf16(text[i..], out var rune, out width) == System.Buffers.OperationStatus.Done)
                codePoint = rune.Value;
            else
            {
                codePoint = text[i]; // a lone surrogate stays as it is
                width = 1;
            }
            if (codePoint >= _firstEmojiChar && _lexicon.Emojis.TryGetValue(codePoint, out var description))
            {
                if (!prevSpace) sb.Append(' ');
                sb.Append(description);
                prevSpace = false;
            }
            else
            {
                sb.Append(text.Slice(i, width));
                prevSpace = text[i] == ' ';
            }
            i += width;
        }
        scratch.EnsureText(sb.Length);
        sb.CopyTo(0, scratch.Text, 0, sb.Length);
        return scratch.Text.AsSpan(0, sb.Length);
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s) => VaderLexicon.Trim(s);

    /// <summary>
    /// words_and_emoticons: split on whitespace, strip leading/trailing ASCII punctuation unless that leaves
    /// two code points or fewer (then the token is probably an emoticon and is kept whole). Fills lower-cased
    /// copies and per-token lookups. Returns the token count.
    /// </summary>
    private int Tokenize(ReadOnlySpan<char> text, Scratch scratch)
    {
        scratch.EnsureLower(text.Length);
        var lower = scratch.Lower;
        var count = 0;
        var lowerPos = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && PythonCompat.IsSpace(text[i])) i++;
            if (i >= text.Length) break;
            var start = i;
            while (i < text.Length && !PythonCompat.IsSpace(text[i])) i++;
            var end = i;

            var a = start;
            var b = end;
            while (a < b && PythonCompat.IsPunctuation(text[a])) a++;
            while (b > a && PythonCompat.IsPunctuation(text[b - 1])) b--;
            if (PythonCompat.CodePointLength(text[a..b]) <= 2) { a = start; b = end; }
            var word = text[a..b];

            var lowered = lower.AsSpan(lowerPos, word.Length);
            word.ToLowerInvariant(lowered);

            ref var token = ref scratch.Token(count);
            token.Start = lowerPos;
            token.Length = word.Length;
            token.IsUpper = PythonCompat.IsUpper(word);
            token.InLexicon = _lexicon.WordLookup.TryGetValue(lowered, out token.Valence);
            token.IsBooster = BoosterLookup.TryGetValue(lowered, out token.Booster);
            token.Negated = NegateLookup.Contains(lowered) || lowered.IndexOf("n't", StringComparison.Ordinal) >= 0;
            lowerPos += word.Length;
            count++;
        }
        return count;
    }

    /// <summary>True when some but not all tokens are ALL CAPS.</summary>
    private static bool CapsDiffer(Token[] tokens, int n)
    {
        var caps = 0;
        for (var i = 0; i < n; i++) if (tokens[i].IsUpper) caps++;
        var differential = n - caps;
        return differential > 0 && differential < n;
    }

    private static bool Is(Scratch s, int index, string word) => s.Word(index).SequenceEqual(word);

    private double SentimentValence(Scratch s, int i, int n, bool capsDiffer)
    {
        var tokens = s.Tokens;
        ref var item = ref tokens[i];
        if (!item.InLexicon) return 0;
        var valence = item.Valence;

        // "no" before a lexicon word negates that word instead of carrying its own valence.
        if (Is(s, i, "no") && i != n - 1 && tokens[i + 1].InLexicon) valence = 0.0;
        if ((i > 0 && Is(s, i - 1, "no"))
            || (i > 1 && Is(s, i - 2, "no"))
            || (i > 2 && Is(s, i - 3, "no") && (Is(s, i - 1, "or") || Is(s, i - 1, "nor"))))
            valence = item.Valence * NegationScalar;

        if (item.IsUpper && capsDiffer) valence += valence > 0 ? CapsIncrement : -CapsIncrement;

        for (var startI = 0; startI < 3; startI++)
        {
            // Modifiers up to three words back, dampened with distance; lexicon words are not modifiers.
            if (i > startI && !tokens[i - (startI + 1)].InLexicon)
            {
                var scalar = ScalarIncDec(tokens[i - (startI + 1)], valence, capsDiffer);
                if (startI == 1 && scalar != 0) scalar *= 0.95;
                if (startI == 2 && scalar != 0) scalar *= 0.9;
                valence += scalar;
                valence = NegationCheck(s, valence, startI, i);
                if (startI == 2) valence = SpecialIdiomsCheck(s, valence, i, n);
            }
        }
        return LeastCheck(s, valence, i);
    }

    private static double ScalarIncDec(in Token word, double valence, bool capsDiffer)
    {
        if (!word.IsBooster) return 0.0;
        var scalar = word.Booster;
        if (valence < 0) scalar *= -1;
        if (word.IsUpper && capsDiffer) scalar += valence > 0 ? CapsIncrement : -CapsIncrement;
        return scalar;
    }

    private static double NegationCheck(Scratch s, double valence, int startI, int i)
    {
        var tokens = s.Tokens;
        switch (startI)
        {
            case 0:
                if (tokens[i - 1].Negated) valence *= NegationScalar;
                break;
            case 1:
                if (Is(s, i - 2, "never") && (Is(s, i - 1, "so") || Is(s, i - 1, "this"))) valence *= 1.25;
                else if (Is(s, i - 2, "without") && Is(s, i - 1, "doubt")) { }
                else if (tokens[i - 2].Negated) valence *= NegationScalar;
                break;
            case 2:
                // The reference's precedence: (never and (so|this) two back) or (so|this) one back.
                if ((Is(s, i - 3, "never") && (Is(s, i - 2, "so") || Is(s, i - 2, "this")))
                    || Is(s, i - 1, "so") || Is(s, i - 1, "this"))
                    valence *= 1.25;
                else if (Is(s, i - 3, "without") && (Is(s, i - 2, "doubt") || Is(s, i - 1, "doubt"))) { }
                else if (tokens[i - 3].Negated) valence *= NegationScalar;
                break;
        }
        return valence;
    }

    private static double SpecialIdiomsCheck(Scratch s, double valence, int i, int n)
    {
        // The reference tries these in order and keeps the first special case found.
        if (TryPhrase(s, SpecialLookup, out var v, i - 1, i)
            || TryPhrase(s, SpecialLookup, out v, i - 2, i - 1, i)
            || TryPhrase(s, SpecialLookup, out v, i - 2, i - 1)
            || TryPhrase(s, SpecialLookup, out v, i - 3, i - 2, i - 1)
            || TryPhrase(s, SpecialLookup, out v, i - 3, i - 2))
            valence = v;
        if (n - 1 > i && TryPhrase(s, SpecialLookup, out v, i, i + 1)) valence = v;
        if (n - 1 > i + 1 && TryPhrase(s, SpecialLookup, out v, i, i + 1, i + 2)) valence = v;

        // Multi-word boosters ("kind of", "sort of", "just enough") add their raw value (sign not adjusted).
        if (TryPhrase(s, BoosterLookup, out v, i - 3, i - 2, i - 1)) valence += v;
        if (TryPhrase(s, BoosterLookup, out v, i - 3, i - 2)) valence += v;
        if (TryPhrase(s, BoosterLookup, out v, i - 2, i - 1)) valence += v;
        return valence;
    }

    private static bool TryPhrase(Scratch s, FrozenDictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> lookup,
        out double value, int first, int second, int third = -1)
    {
        var w1 = s.Word(first);
        var w2 = s.Word(second);
        var w3 = third >= 0 ? s.Word(third) : default;
        var length = w1.Length + 1 + w2.Length + (third >= 0 ? 1 + w3.Length : 0);
        if (length > 16) { value = 0; return false; } // longer than any key
        Span<char> phrase = stackalloc char[16];
        w1.CopyTo(phrase);
        phrase[w1.Length] = ' ';
        w2.CopyTo(phrase[(w1.Length + 1)..]);
        if (third >= 0)
        {
            phrase[w1.Length + 1 + w2.Length] = ' ';
            w3.CopyTo(phrase[(w1.Length + 2 + w2.Length)..]);
        }
        return lookup.TryGetValue(phrase[..length], out value);
    }

    private static double LeastCheck(Scratch s, double valence, int i)
    {
        var tokens = s.Tokens;
        if (i > 1 && !tokens[i - 1].InLexicon && Is(s, i - 1, "least"))
        {
            if (!Is(s, i - 2, "at") && !Is(s, i - 2, "very")) valence *= NegationScalar;
        }
        else if (i > 0 && !tokens[i - 1].InLexicon && Is(s, i - 1, "least"))
        {
            valence *= NegationScalar;
        }
        return valence;
    }

    /// <summary>
    /// "but" halves what precedes it and multiplies what follows by 1.5. Faithful to the reference's quirk:
    /// it looks each value up with list.index (the FIRST equal value), so equal values may be rescaled at the
    /// wrong position or twice.
    /// </summary>
    private static void ButCheck(Scratch s, double[] sentiments, int n)
    {
        var but = -1;
        for (var k = 0; k < n; k++) if (Is(s, k, "but")) { but = k; break; }
        if (but < 0) return;
        if (n <= 256) ButRescale(sentiments, n, but);
        else ButRescaleIndexed(sentiments, n, but);
    }

    /// <summary>The reference's loop, literally (quadratic: short texts only).</summary>
    internal static void ButRescale(double[] sentiments, int n, int but)
    {
        for (var j = 0; j < n; j++)
        {
            var sentiment = sentiments[j];
            var si = 0;
            while (sentiments[si] != sentiment) si++; // list.index: first equal value (j itself at the latest)
            if (si < but) sentiments[si] = sentiment * 0.5;
            else if (si > but) sentiments[si] = sentiment * 1.5;
        }
    }

    /// <summary>
    /// The same result in O(n log n) for long texts: zeros are skipped (rescaling 0 changes nothing) and the
    /// first position of each non-zero value is kept in a sorted set per value.
    /// </summary>
    internal static void ButRescaleIndexed(double[] sentiments, int n, int but)
    {
        var positions = new Dictionary<double, SortedSet<int>>();
        for (var k = 0; k < n; k++)
        {
            if (sentiments[k] == 0) continue;
            if (!positions.TryGetValue(sentiments[k], out var set)) positions[sentiments[k]] = set = [];
            set.Add(k);
        }
        for (var j = 0; j < n; j++)
        {
            var sentiment = sentiments[j];
            if (sentiment == 0) continue;
            var set = positions[sentiment];
            var si = set.Min;
            if (si == but) continue;
            var rescaled = sentiment * (si < but ? 0.5 : 1.5);
            sentiments[si] = rescaled;
            set.Remove(si);
            if (rescaled == 0) continue;
            if (!positions.TryGetValue(rescaled, out var target)) positions[rescaled] = target = [];
            target.Add(si);
        }
    }

    private static SentimentScores ScoreValence(double[] sentiments, int n, ReadOnlySpan<char> text)
    {
        var sum = 0.0;
        for (var k = 0; k < n; k++) sum += sentiments[k];

        var punctuation = PunctuationEmphasis(text);
        if (sum > 0) sum += punctuation;
        else if (sum < 0) sum -= punctuation;
        var compound = Normalize(sum);

        double posSum = 0, negSum = 0;
        var neutralCount = 0;
        for (var k = 0; k < n; k++)
        {
            var v = sentiments[k];
            if (v > 0) posSum += v + 1; // +1 compensates for neutral words counted as 1
            if (v < 0) negSum += v - 1;
            if (v == 0) neutralCount++;
        }
        if (posSum > Math.Abs(negSum)) posSum += punctuation;
        else if (posSum < Math.Abs(negSum)) negSum -= punctuation;

        var total = posSum + Math.Abs(negSum) + neutralCount;
        return new SentimentScores(
            PythonCompat.Round(Math.Abs(negSum / total), 3),
            PythonCompat.Round(Math.Abs(neutralCount / total), 3),
            PythonCompat.Round(Math.Abs(posSum / total), 3),
            PythonCompat.Round(compound, 4));
    }

    private static double PunctuationEmphasis(ReadOnlySpan<char> text)
    {
        var exclamations = Math.Min(text.Count('!'), 4);
        var questions = text.Count('?');
        var qm = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
        return exclamations * 0.292 + qm;
    }

    private static double Normalize(double score)
    {
        var normalized = score / Math.Sqrt(score * score + Alpha);
        return normalized < -1.0 ? -1.0 : normalized > 1.0 ? 1.0 : normalized;
    }

    private static FrozenDictionary<string, double> BuildBoosters()
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var w in new[]
        {
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply",
            "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme",
            "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking", "frickin", "frigging",
            "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
            "incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely",
            "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally", "tremendous",
            "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very",
        }) d[w] = BoosterIncrement;
        foreach (var w in new[]
        {
            "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little",
            "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight",
            "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of",
        }) d[w] = BoosterDecrement;
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private struct Token
    {
        public int Start;
        public int Length;
        public double Valence;
        public double Booster;
        public bool InLexicon;
        public bool IsBooster;
        public bool IsUpper;
        public bool Negated;
    }

    /// <summary>Per-thread buffers reused across calls.</summary>
    private sealed class Scratch
    {
        private double[] _sentiments = new double[64];
        public Token[] Tokens = new Token[64];
        public char[] Lower = new char[256];
        public char[] Text = new char[256];
        public readonly StringBuilder Builder = new();

        public ref Token Token(int index)
        {
            if (index >= Tokens.Length) Array.Resize(ref Tokens, Tokens.Length * 2);
            return ref Tokens[index];
        }

        public ReadOnlySpan<char> Word(int index) => Lower.AsSpan(Tokens[index].Start, Tokens[index].Length);

        public double[] Sentiments(int n)
        {
            if (_sentiments.Length < n) _sentiments = new double[Math.Max(n, _sentiments.Length * 2)];
            return _sentiments;
        }

        public void EnsureLower(int length)
        {
            if (Lower.Length < length) Lower = new char[Math.Max(length, Lower.Length * 2)];
        }

        public void EnsureText(int length)
        {
            if (Text.Length < length) Text = new char[Math.Max(length, Text.Length * 2)];
        }
    }
}
