namespace MovieRec.Agent.Offline;

/// <summary>
/// The words people use for genres and moods, mapped to MovieLens genres and to tag/keyword text
/// that the semantic search can match. One place, so the parser and the answer templates agree.
/// </summary>
internal static class Vocabulary
{
    /// <summary>Phrase (lower case, as typed) to MovieLens genres it means. Longer phrases are matched first.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Genres = new Dictionary<string, string[]>
    {
        ["action"] = ["Action"], ["adventure"] = ["Adventure"], ["adventures"] = ["Adventure"],
        ["animated"] = ["Animation"], ["animation"] = ["Animation"], ["anime"] = ["Animation"], ["cartoon"] = ["Animation"], ["cartoons"] = ["Animation"],
        ["children"] = ["Children"], ["childrens"] = ["Children"], ["family"] = ["Children"],
        ["comedy"] = ["Comedy"], ["comedies"] = ["Comedy"], ["funny"] = ["Comedy"], ["hilarious"] = ["Comedy"], ["laugh"] = ["Comedy"],
        ["crime"] = ["Crime"], ["gangster"] = ["Crime"], ["heist"] = ["Crime"], ["mafia"] = ["Crime"],
        ["documentary"] = ["Documentary"], ["documentaries"] = ["Documentary"], ["docs"] = ["Documentary"],
        ["drama"] = ["Drama"], ["dramas"] = ["Drama"],
        ["fantasy"] = ["Fantasy"], ["magic"] = ["Fantasy"],
        ["noir"] = ["Film-Noir"], ["film noir"] = ["Film-Noir"], ["film-noir"] = ["Film-Noir"],
        ["horror"] = ["Horror"], ["scary"] = ["Horror"], ["terrifying"] = ["Horror"], ["slasher"] = ["Horror"], ["creepy"] = ["Horror"],
        ["musical"] = ["Musical"], ["musicals"] = ["Musical"],
        ["mystery"] = ["Mystery"], ["mysteries"] = ["Mystery"], ["whodunit"] = ["Mystery"], ["detective"] = ["Mystery"],
        ["romance"] = ["Romance"], ["romantic"] = ["Romance"], ["love story"] = ["Romance"], ["date night"] = ["Romance"],
        ["romcom"] = ["Romance", "Comedy"], ["rom-com"] = ["Romance", "Comedy"], ["rom com"] = ["Romance", "Comedy"], ["romantic comedy"] = ["Romance", "Comedy"], ["romantic comedies"] = ["Romance", "Comedy"], ["romcoms"] = ["Romance", "Comedy"],
        ["sci-fi"] = ["Sci-Fi"], ["sci fi"] = ["Sci-Fi"], ["scifi"] = ["Sci-Fi"], ["science fiction"] = ["Sci-Fi"], ["space"] = ["Sci-Fi"],
        ["thriller"] = ["Thriller"], ["thrillers"] = ["Thriller"], ["suspense"] = ["Thriller"], ["suspenseful"] = ["Thriller"],
        ["war"] = ["War"], ["western"] = ["Western"], ["westerns"] = ["Western"], ["cowboy"] = ["Western"],
        ["superhero"] = ["Action"], ["martial arts"] = ["Action"],
    };

    /// <summary>
    /// Genre phrases that also say what the movie is about, so they go to the semantic query too ("heist", "space").
    /// The others ("funny", "comedies", "scary") only name the genre: as query words they would match titles ("Funny Farm").
    /// </summary>
    public static readonly IReadOnlySet<string> GenreTopics = new HashSet<string>
    {
        "anime", "cartoon", "cartoons", "gangster", "heist", "mafia", "magic", "slasher", "whodunit", "detective",
        "love story", "space", "cowboy", "superhero", "martial arts",
    };

    /// <summary>Moods: phrase to (genres that fit: preferred, or left out when the mood is negated; words for the semantic query; genres that do not fit).</summary>
    public static readonly IReadOnlyDictionary<string, Mood> Moods = new Dictionary<string, Mood>
    {
        ["feel-good"] = new(["Comedy"], "feel-good heartwarming uplifting", ["Horror", "War"]),
        ["feel good"] = new(["Comedy"], "feel-good heartwarming uplifting", ["Horror", "War"]),
        ["uplifting"] = new([], "uplifting inspiring heartwarming", ["Horror"]),
        ["heartwarming"] = new([], "heartwarming touching", ["Horror"]),
        ["lighter"] = new(["Comedy"], "light funny", ["Horror", "War", "Thriller"]),
        ["light"] = new(["Comedy"], "light funny", ["Horror", "War"]),
        ["funnier"] = new(["Comedy"], "funny", []),
        ["scarier"] = new(["Horror"], "scary", []),
        ["darker"] = new([], "dark atmospheric bleak", []),
        ["mind-bending"] = new(["Sci-Fi", "Thriller", "Mystery"], "mind-bending twist ending surreal psychological nonlinear", []),
        ["mind bending"] = new(["Sci-Fi", "Thriller", "Mystery"], "mind-bending twist ending surreal psychological nonlinear", []),
        ["twisty"] = new(["Thriller", "Mystery"], "twist ending plot twist", []),
        ["dark"] = new([], "dark atmospheric bleak", []),
        ["atmospheric"] = new([], "atmospheric moody", []),
        ["sad"] = new(["Drama"], "sad tearjerker emotional", []),
        ["tearjerker"] = new(["Drama"], "sad tearjerker emotional", []),
        ["epic"] = new([], "epic", []),
        ["quirky"] = new(["Comedy"], "quirky offbeat", []),
        ["cerebral"] = new([], "cerebral thought-provoking philosophical", []),
        ["thought-provoking"] = new([], "thought-provoking philosophical", []),
        ["violent"] = new(["Action", "Crime"], "violent", []),
        ["tense"] = new(["Thriller"], "tense suspense gripping", []),
        ["gripping"] = new(["Thriller"], "tense suspense gripping", []),
        ["edge of my seat"] = new(["Thriller"], "tense suspense gripping", []),
        ["edge of your seat"] = new(["Thriller"], "tense suspense gripping", []),
        ["edge-of-your-seat"] = new(["Thriller"], "tense suspense gripping", []),
    };

    /// <summary>Genres a "less violent" request steers away from.</summary>
    public static readonly string[] Violent = ["Horror", "War"];

    public static readonly IReadOnlyDictionary<string, int> NumberWords = new Dictionary<string, int>
    {
        ["first"] = 1, ["1st"] = 1, ["second"] = 2, ["2nd"] = 2, ["third"] = 3, ["3rd"] = 3, ["fourth"] = 4, ["4th"] = 4,
        ["fifth"] = 5, ["5th"] = 5, ["last"] = -1,
    };

    public static readonly IReadOnlyDictionary<string, int> DecadeWords = new Dictionary<string, int>
    {
        ["twenties"] = 1920, ["thirties"] = 1930, ["forties"] = 1940, ["fifties"] = 1950, ["sixties"] = 1960,
        ["seventies"] = 1970, ["eighties"] = 1980, ["nineties"] = 1990,
    };
}

/// <summary>What a mood word implies.</summary>
internal sealed record Mood(string[] Genres, string QueryText, string[] AvoidGenres);
