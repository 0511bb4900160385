using System.Text.RegularExpressions;
using MovieRec.Core.Catalog;
using MovieRec.Core.Domain;
using MovieRec.Core.Stores;

namespace MovieRec.Agent.Offline;

/// <summary>
/// Reads a chat message without an LLM: titles (fuzzy catalog match), genres and moods, exclusions,
/// years and decades, audience, runtime, likes and dislikes, and follow-ups ("more like the second one").
/// </summary>
public sealed partial class RequestParser(MovieCatalog catalog, int latestYear)
{
    /// <summary>Below this confidence a phrase is not taken as a title: a wrong title is worse than none.</summary>
    private const double TitleConfidence = 0.82;

    private static readonly HashSet<string> Negators =
        ["no", "not", "without", "except", "excluding", "exclude", "avoid", "nothing", "less", "never", "non", "dont", "don't", "isn't", "aren't", "but", "hate", "zero", "skip"];

    private static readonly char[] ClauseBreaks = [',', '.', ';', '!', '?', ':'];

    private static readonly HashSet<string> Filler =
    [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "from", "by", "about", "is", "are", "be", "it", "its", "it's",
        "i", "i'm", "im", "me", "my", "we", "our", "us", "you", "your", "can", "could", "would", "should", "will", "please", "pls", "thanks",
        "want", "wanna", "need", "looking", "look", "find", "give", "show", "suggest", "recommend", "recommendation", "recommendations",
        "movie", "movies", "film", "films", "flick", "flicks", "something", "some", "anything", "any", "one", "ones", "watch", "see", "tonight",
        "good", "great", "best", "nice", "really", "very", "more", "that", "this", "those", "these", "like", "similar", "what", "which", "next",
        "have", "has", "had", "do", "does", "did", "just", "also", "too", "so", "but", "then", "than", "there", "here", "maybe", "kind", "sort",
        "year", "years", "era", "decade", "old", "new", "recent", "classic", "classics", "modern", "latest", "lately", "time", "get", "got",
        "i'd", "id", "let's", "lets", "up", "out", "into", "feel", "mood", "watching", "seen", "saw", "loved", "love", "liked", "enjoyed",
        "i've", "ive", "we've", "already",
    ];

    public ParsedRequest Parse(string message)
    {
        var text = (message ?? "").Trim();
        var lower = Normalize(text);

        if (GreetingRegex().IsMatch(lower)) return new ParsedRequest { Text = text, Intent = ChatIntent.Greeting };
        if (HelpRegex().IsMatch(lower)) return new ParsedRequest { Text = text, Intent = ChatIntent.Help };

        var (intent, ordinal, verdict) = ReadFollowUp(lower);
        // "more like the second one" names an earlier pick, not a title ("Seconds")
        var work = intent == ChatIntent.MoreLike ? MoreLikeRegex().Replace(lower, " ") : lower;
        // "I didn't like the first one" is a verdict on a pick, no words to search for
        if (verdict is { } said) work = VerdictRegex(said).Replace(work, " ");
        var referenced = new List<Movie>();
        var liked = new List<Movie>();
        var disliked = new List<Movie>();
        ReadTitles(text, ref work, referenced, liked, disliked);
        // "I enjoyed Pulp Fiction, give me more like it": "it" is the title just named, not an earlier pick
        if (referenced.Count > 0 && intent is ChatIntent.MoreLike or ChatIntent.More) (intent, ordinal, verdict) = (ChatIntent.Recommend, null, null);

        // people before genres and free words: "movies with Tom Hanks" names an actor, not words to search for
        var people = catalog.People.FindIn(work);
        foreach (var person in people) work = work.Replace(TitleNormalizer.Normalize(person.Name), " ", StringComparison.Ordinal);

        var acclaimed = AcclaimedRegex().IsMatch(work);
        work = AcclaimedRegex().Replace(work, " ");
        var kids = KidsRegex().IsMatch(work);
        work = KidsRegex().Replace(work, " ");
        var maxRuntime = ReadRuntime(ref work);
        var era = RelativeEraRegex().Match(work) is { Success: true } relative
            ? relative.Groups["newer"].Success ? Era.Newer : Era.Older
            : Era.None;
        var (yearFrom, yearTo) = ReadYears(ref work);

        var genres = new List<string>();
        var excluded = new List<string>();
        var query = new List<string>();
        var preferred = new List<string>();
        var tastes = new List<(string Genre, bool Liked)>();
        var requireAll = ReadGenresAndMoods(ref work, genres, excluded, preferred, query, tastes);

        query.AddRange(QueryWords(work));

        if (intent == ChatIntent.Recommend && referenced.Count == 0 && people.Count == 0 && genres.Count == 0 && query.Count == 0)
            TryWholeMessageAsTitle(text, referenced);

        // "newer ones", "only comedies please": conditions on the previous request, not a new one
        var conditions = yearFrom is not null || yearTo is not null || genres.Count > 0 || excluded.Count > 0 || preferred.Count > 0 || kids ||
                         maxRuntime is not null || acclaimed;
        if (intent == ChatIntent.Recommend && referenced.Count == 0 && people.Count == 0 && liked.Count == 0 &&
            (era != Era.None || (conditions && RefinementCueRegex().IsMatch(lower))))
            intent = ChatIntent.Refine;

        return new ParsedRequest
        {
            Text = text,
            Intent = intent,
            Ordinal = ordinal,
            PickVerdict = verdict,
            ReferencedMovies = referenced.Distinct().ToList(),
            People = people,
            LikedMovies = liked.Distinct().ToList(),
            DislikedMovies = disliked.Distinct().ToList(),
            Genres = genres.Distinct().ToList(),
            RequireAllGenres = requireAll,
            ExcludedGenres = excluded.Distinct().Where(g => !genres.Contains(g)).ToList(),
            PreferredGenres = preferred.Distinct().Where(g => !genres.Contains(g) && !excluded.Contains(g)).ToList(),
            LikedGenres = tastes.Where(t => t.Liked).Select(t => t.Genre).Distinct().ToList(),
            DislikedGenres = tastes.Where(t => !t.Liked).Select(t => t.Genre).Distinct().ToList(),
            QueryText = query.Count == 0 ? null : string.Join(' ', query.Distinct()),
            YearFrom = yearFrom,
            YearTo = yearTo,
            KidFriendly = kids,
            MaxRuntimeMinutes = maxRuntime,
            Acclaimed = acclaimed,
            Era = era,
        };
    }

    private static string Normalize(string text) =>
        WhitespaceRegex().Replace(text.ToLowerInvariant().Replace('’', '\'').Replace('“', '"').Replace('”', '"'), " ");

    private static IEnumerable<string> Words(string text) =>
        WordRegex().Matches(text).Select(m => m.Value.Trim('\''));

    /// <summary>The intent, the earlier pick it is about, and what the person says of that pick ("I didn't like the first one").</summary>
    private static (ChatIntent, int?, FeedbackSignal?) ReadFollowUp(string lower)
    {
        var ordinalMatch = OrdinalRegex().Match(lower);
        int? ordinal = null;
        if (ordinalMatch.Success)
        {
            var word = ordinalMatch.Groups["n"].Value;
            ordinal = Vocabulary.NumberWords.TryGetValue(word, out var n) ? n : int.TryParse(word, out var k) ? k : null;
        }
        if (WhyRegex().IsMatch(lower)) return (ChatIntent.Why, ordinal ?? 1, null);
        if (MoreLikeRegex().IsMatch(lower)) return (ChatIntent.MoreLike, ordinal ?? 1, null);
        // a verdict on an earlier pick: a dislike or "seen it" asks for other picks, a like for more like it
        if (ordinal is not null && DislikedPickRegex().IsMatch(lower)) return (ChatIntent.Refine, ordinal, FeedbackSignal.Disliked);
        if (ordinal is not null && WatchedPickRegex().IsMatch(lower)) return (ChatIntent.Refine, ordinal, FeedbackSignal.Watched);
        if (ordinal is not null && LikedPickRegex().IsMatch(lower)) return (ChatIntent.MoreLike, ordinal, FeedbackSignal.Liked);
        if (RefineRegex().IsMatch(lower)) return (ChatIntent.Refine, ordinal, null);
        if (MoreRegex().IsMatch(lower)) return (ChatIntent.More, null, null);
        return (ChatIntent.Recommend, null, null);
    }

    /// <summary>Quoted titles, then titles after a trigger ("like X", "I loved X", "hated X"); found spans are blanked out of <paramref name="work"/>.</summary>
    private void ReadTitles(string original, ref string work, List<Movie> referenced, List<Movie> liked, List<Movie> disliked)
    {
        foreach (Match quoted in QuotedRegex().Matches(original))
        {
            var movie = Resolve(quoted.Groups["t"].Value);
            if (movie is null) continue;
            referenced.Add(movie);
            work = work.Replace(Normalize(quoted.Value), " ", StringComparison.Ordinal);
        }

        foreach (Match trigger in TitleTriggerRegex().Matches(work))
        {
            var verb = trigger.Groups["verb"].Value;
            var rest = trigger.Groups["rest"].Value;
            var stops = TerminatorRegex().Matches(rest);
            var start = 0;
            for (var s = 0; s <= stops.Count; s++)
            {
                var segment = rest[start..(s < stops.Count ? stops[s].Index : rest.Length)];
                if (TitleAtStart(segment) is not var (movie, candidate)) break;
                if (verb.StartsWith("hate", StringComparison.Ordinal) || verb.Contains("n't", StringComparison.Ordinal) ||
                    verb.StartsWith("did not", StringComparison.Ordinal) || verb.StartsWith("dislike", StringComparison.Ordinal))
                {
                    disliked.Add(movie);
                }
                else
                {
                    referenced.Add(movie);
                    if (verb is "loved" or "love" or "liked" or "enjoyed" or "adored" or "fan of" || verb.StartsWith("just", StringComparison.Ordinal)) liked.Add(movie);
                }
                work = work.Replace(candidate, " ", StringComparison.Ordinal);
                // another title follows only after "and", "or" or a comma: "like Heat and Ronin", "like Heat, Ronin or Thief"
                if (s == stops.Count || stops[s].Value.Trim() is not ("and" or "or" or ",")) break;
                start = stops[s].Index + stops[s].Length;
            }
        }
    }

    /// <summary>The longest run of words (at most 8) at the start of <paramref name="span"/> that names a movie, and that run.</summary>
    private (Movie Movie, string Candidate)? TitleAtStart(string span)
    {
        var words = span.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var n = Math.Min(words.Length, 8); n >= 1; n--)
        {
            var candidate = string.Join(' ', words.Take(n)).Trim(' ', '.', ',', '!', '?', '"', '\'');
            if (candidate.Length < 2 || IsOnlyVocabulary(candidate)) continue;
            if (Resolve(candidate) is { } movie) return (movie, candidate);
        }
        return null;
    }

    private void TryWholeMessageAsTitle(string text, List<Movie> referenced)
    {
        var candidate = text.Trim(' ', '?', '!', '.');
        if (candidate.Split(' ').Length > 7) return;
        var movie = Resolve(candidate, 0.9);
        if (movie is not null) referenced.Add(movie);
    }

    private Movie? Resolve(string phrase, double minConfidence = TitleConfidence)
    {
        var best = catalog.Find(phrase, limit: 1);
        return best.Count > 0 && best[0].Confidence >= minConfidence ? best[0].Movie : null;
    }

    private static bool IsOnlyVocabulary(string phrase) =>
        Words(phrase).All(w => Filler.Contains(w) || Negators.Contains(w) || Vocabulary.Genres.ContainsKey(w) || Vocabulary.Moods.ContainsKey(w));

    /// <summary>
    /// What is left of the message, for the semantic search: no filler, and not what a negator in the same clause
    /// rules out ("not too gory" must not search for "gory"; "but" alone negates nothing: "comedies but with dogs").
    /// </summary>
    private static IEnumerable<string> QueryWords(string work)
    {
        foreach (var clause in work.Split(ClauseBreaks))
        {
            var negated = false;
            foreach (var word in Words(clause))
            {
                if (Negators.Contains(word)) { negated |= word != "but"; continue; }
                if (Filler.Contains(word) || word.Length <= 1 || word.All(char.IsDigit)) continue;
                if (negated) { negated = false; continue; } // the word the negator is about
                yield return word;
            }
        }
    }

    private static int? ReadRuntime(ref string work)
    {
        int? max = null;
        var under = RuntimeUnderRegex().Match(work);
        if (under.Success)
        {
            var amount = double.Parse(under.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            max = (int)(under.Groups["unit"].Value.StartsWith('h') ? amount * 60 : amount);
            work = work.Remove(under.Index, under.Length).Insert(under.Index, " ");
        }
        // "short" says the same as "under 90 minutes" when both are there: it is a runtime, not a word to search for
        if (NotTooLongRegex().IsMatch(work))
        {
            max ??= 120;
            work = NotTooLongRegex().Replace(work, " ");
        }
        return max;
    }

    private (int? From, int? To) ReadYears(ref string work)
    {
        int? from = null, to = null;
        Match m;
        if ((m = YearRangeRegex().Match(work)).Success)
            (from, to) = (int.Parse(m.Groups["a"].Value), int.Parse(m.Groups["b"].Value));
        else if ((m = AfterYearRegex().Match(work)).Success)
            from = int.Parse(m.Groups["y"].Value) + (m.Groups["op"].Value is "since" or "from" ? 0 : 1);
        else if ((m = BeforeYearRegex().Match(work)).Success)
            to = int.Parse(m.Groups["y"].Value) - (m.Groups["op"].Value is "until" or "up to" ? 0 : 1);
        else if ((m = DecadeRegex().Match(work)).Success)
        {
            var digits = m.Groups["d"].Value;
            var decade = digits.Length == 4 ? int.Parse(digits) : int.Parse(digits) is var two && two <= 20 ? 2000 + two : 1900 + int.Parse(digits);
            (from, to) = m.Groups["part"].Value switch
            {
                "early" => (decade, decade + 3),
                "mid" => (decade + 3, decade + 6),
                "late" => (decade + 6, decade + 9),
                _ => (decade, decade + 9),
            };
        }
        else if ((m = DecadeWordRegex().Match(work)).Success)
        {
            var decade = Vocabulary.DecadeWords[m.Groups["w"].Value];
            (from, to) = (decade, decade + 9);
        }
        else if ((m = SingleYearRegex().Match(work)).Success)
            from = to = int.Parse(m.Groups["y"].Value);
        else if ((m = RecentRegex().Match(work)).Success)
            from = latestYear - 5;
        else if ((m = OldRegex().Match(work)).Success)
            to = 1979;
        if (m.Success) work = work.Remove(m.Index, m.Length).Insert(m.Index, " ");
        return (from, to);
    }

    /// <summary>The genre and mood phrases, longest first, each with its pattern: built once, not on every message.</summary>
    private static readonly (string Phrase, bool IsMood, Regex Pattern)[] Phrases =
        Vocabulary.Genres.Keys.Select(k => (Phrase: k, IsMood: false))
            .Concat(Vocabulary.Moods.Keys.Select(k => (Phrase: k, IsMood: true)))
            .OrderByDescending(p => p.Phrase.Length)
            .Select(p => (p.Phrase, p.IsMood, new Regex(@"(?<![\w-])" + Regex.Escape(p.Phrase) + @"(?:s|es)?(?![\w-])")))
            .ToArray();

    /// <summary>
    /// Finds genre and mood phrases, longest first; a negator just before one makes it an exclusion; a mood's genres
    /// are <paramref name="preferred"/> (a bonus, not a filter: a "feel-good" drama still counts). A genre after
    /// "I love" or "I can't stand" is also a lasting taste (<paramref name="tastes"/>); moods and combinations
    /// ("romcom") are not, since they say what this request wants, not what the person avoids.
    /// Returns whether all genres are required.
    /// </summary>
    private static bool ReadGenresAndMoods(ref string work, List<string> genres, List<string> excluded, List<string> preferred, List<string> query, List<(string, bool)> tastes)
    {
        var requireAll = false;
        foreach (var (phrase, isMood, pattern) in Phrases)
        {
            Match m;
            while ((m = pattern.Match(work)).Success)
            {
                // a negator counts within the same clause: in "not that, something lighter" the "not" is about the last picks
                var lead = work[..m.Index];
                var before = Words(lead[(lead.LastIndexOfAny(ClauseBreaks) + 1)..]).TakeLast(3).ToList();
                var negated = before.Any(Negators.Contains);
                if (isMood)
                {
                    var mood = Vocabulary.Moods[phrase];
                    if (negated) excluded.AddRange(phrase == "violent" ? Vocabulary.Violent : mood.Genres);
                    else { query.Add(mood.QueryText); excluded.AddRange(mood.AvoidGenres); preferred.AddRange(mood.Genres); }
                }
                else
                {
                    var meant = Vocabulary.Genres[phrase];
                    var disliked = meant.Length == 1 && DislikedTasteRegex().IsMatch(lead);
                    if (disliked) tastes.Add((meant[0], false));
                    else if (meant.Length == 1 && LikedTasteRegex().IsMatch(lead)) tastes.Add((meant[0], true));
                    if (negated || disliked) excluded.AddRange(meant);
                    else
                    {
                        genres.AddRange(meant);
                        requireAll |= meant.Length > 1;
                        if (Vocabulary.GenreTopics.Contains(phrase)) query.Add(phrase);
                    }
                }
                work = work.Remove(m.Index, m.Length).Insert(m.Index, " ");
            }
        }
        return requireAll;
    }

    /// <summary>The words that point at an earlier pick ("the second one").</summary>
    /// <summary>The words of a verdict on an earlier pick, to take out of the message.</summary>
    private static Regex VerdictRegex(FeedbackSignal verdict) => verdict switch
    {
        FeedbackSignal.Liked => LikedPickRegex(),
        FeedbackSignal.Watched => WatchedPickRegex(),
        _ => DislikedPickRegex(),
    };

    private const string Ordinals = "first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last";

    [GeneratedRegex(@"\s+")] private static partial Regex WhitespaceRegex();
    [GeneratedRegex(@"\b(hate|hates|dislike|dislikes|detest|can't stand|cant stand|cannot stand|(don't|dont|do not|never) (really )?(like|enjoy|watch)|not (really )?(a )?(big |huge )?fan of|not into|sick of|tired of)\s+(all |any )?$")] private static partial Regex DislikedTasteRegex();
    [GeneratedRegex(@"\b(i|we)('m| am| are|'re)? (really |just |absolutely |totally )?(love|like|adore|enjoy|into)\s+(all |any )?$|\b(big |huge )?fan of\s+(all |any )?$")] private static partial Regex LikedTasteRegex();
    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'\-]*")] private static partial Regex WordRegex();
    [GeneratedRegex(@"^(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening))\b[\s!.,]*(there)?[\s!.]*$")] private static partial Regex GreetingRegex();
    [GeneratedRegex(@"^(help|\?|what can you do\??|how does this work\??|/help)\s*$")] private static partial Regex HelpRegex();
    [GeneratedRegex(@"\b(the\s+)?(?<n>" + Ordinals + @")\b|(#|number\s+)(?<n>\d+)")] private static partial Regex OrdinalRegex();
    [GeneratedRegex(@"^\s*why\b|\bwhy (that|this|did you|the|is|was|would)\b")] private static partial Regex WhyRegex();
    [GeneratedRegex(@"\b(didn't|did not|don't|do not|didnt|dont) (like|love|want|care for)\s+(the|that)\s+(" + Ordinals + @")\b|\b(hated|disliked|not|no to|skip)\s+the\s+(" + Ordinals + @")( one)?\b")] private static partial Regex DislikedPickRegex();
    [GeneratedRegex(@"\b(loved|liked|love|like|enjoyed|adored)\s+the\s+(" + Ordinals + @")( one)?\b")] private static partial Regex LikedPickRegex();
    [GeneratedRegex(@"\b(seen|saw|watched)\s+(the|that)\s+(" + Ordinals + @")( one)?( already)?\b")] private static partial Regex WatchedPickRegex();

    [GeneratedRegex(@"\bmore (like|similar to) (that|this|it|them|those|the (" + Ordinals + @")( one)?|#\d+|number \d+)\b")] private static partial Regex MoreLikeRegex();
    [GeneratedRegex(@"^(not (that|those|this|these)|no[,.!]|nah\b|hmm|something (else )?(lighter|darker|shorter|newer|older|funnier|less \w+|more \w+))")] private static partial Regex RefineRegex();
    [GeneratedRegex(@"^(more|more please|others?|something else|anything else|show me more|next|what else|more options)\W*$")] private static partial Regex MoreRegex();
    [GeneratedRegex("\"(?<t>[^\"]{2,80})\"")] private static partial Regex QuotedRegex();
    [GeneratedRegex(@"(?<![\w'])(?<verb>(?<!\b(would|i'd|id|we'd|you'd|i'll)\s)like(?!\s+to\b)(?!\s+an?\s)|similar to|loved|love|liked|enjoyed|adored|fan of|in the vein of|along the lines of|reminds? me of|just (saw|watched|finished)|hated|hate|didn't like|did not like|disliked|dislike)\s+(?<rest>[^.!?;]+)")] private static partial Regex TitleTriggerRegex();
    [GeneratedRegex(@"\s+(?:but|from|with|without|and|or|for|that|which|in the|except|so|because|though|what|any|please|set in|made in|released)\s+|,|\s+-\s+")] private static partial Regex TerminatorRegex();
    [GeneratedRegex(@"\b((?<newer>newer|more recent|later)|older|earlier)\s+(ones?|movies?|films?|picks?|stuff)\b|^(something|anything|some|any)\s+((?<newer>newer|more recent)|older)\b|^((?<newer>newer|more recent)|older)\W*$")] private static partial Regex RelativeEraRegex();
    [GeneratedRegex(@"^(only|just|but|and|now|ok(ay)?,?|make (it|them)|what about|how about|same but|instead|rather|maybe)\b")] private static partial Regex RefinementCueRegex();
    [GeneratedRegex(@"\b(top|highest|highly|best)[- ]rated\b|\b(critically )?acclaimed\b|\bmust[- ]see\b|\bmasterpieces?\b|\bgreatest\b|\bbest\b|\btop\b")] private static partial Regex AcclaimedRegex();
    [GeneratedRegex(@"\b(for|with|to watch with)\s+(the\s+|my\s+|our\s+)?(kids?|children|child|family|toddlers?|little ones|\d{1,2}[- ]year[- ]olds?|son|daughter)\b|\bkid[- ]?friendly\b|\bfamily[- ]friendly\b|\ball ages\b|\bfor the whole family\b")] private static partial Regex KidsRegex();
    [GeneratedRegex(@"\b(under|less than|shorter than|at most|max(imum)?)\s+(?<n>\d+(\.\d+)?)\s*(?<unit>hours?|hrs?|h|minutes?|mins?|m)\b")] private static partial Regex RuntimeUnderRegex();
    [GeneratedRegex(@"\b(nothing|not) (too |very |that |so )?(long|lengthy)\b|\bshort(er)? (ones?|movies?|films?)\b|\bshort\b")] private static partial Regex NotTooLongRegex();
    [GeneratedRegex(@"\b(between|from)\s+(?<a>(19|20)\d{2})\s+(and|to|-)\s+(?<b>(19|20)\d{2})\b|\b(?<a>(19|20)\d{2})\s*-\s*(?<b>(19|20)\d{2})\b")] private static partial Regex YearRangeRegex();
    // "from 2015" alone is that year (SingleYearRegex); "from 2015 on" is a start
    [GeneratedRegex(@"\b(?<op>after|since|post|newer than|later than)\s+(?<y>(19|20)\d{2})\b|\b(?<op>from)\s+(?<y>(19|20)\d{2})\s+(on|onwards?)\b")] private static partial Regex AfterYearRegex();
    [GeneratedRegex(@"\b(?<op>before|pre|older than|earlier than|until|up to|prior to)\s+(?<y>(19|20)\d{2})\b")] private static partial Regex BeforeYearRegex();
    [GeneratedRegex(@"\b((the\s+)?(?<part>early|mid|late)[\s-]+)?(the\s+)?'?(?<d>(19|20)?\d0)'?s\b")] private static partial Regex DecadeRegex();
    [GeneratedRegex(@"\b(?<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")] private static partial Regex DecadeWordRegex();
    [GeneratedRegex(@"\b(in|of|from|released in|made in)\s+(?<y>(19|20)\d{2})\b|^(?<y>(19|20)\d{2})\s+(movies?|films?)\b|\ba\s+(?<y>(19|20)\d{2})\s+(movie|film)\b")] private static partial Regex SingleYearRegex();
    [GeneratedRegex(@"\b(recent|new|newer|latest|modern|current)\b")] private static partial Regex RecentRegex();
    [GeneratedRegex(@"\b(old|older|classic|classics|golden age|vintage|black and white)\b")] private static partial Regex OldRegex();
}
