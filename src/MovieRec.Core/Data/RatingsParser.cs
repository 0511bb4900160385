using System.Buffers.Text;
using MovieRec.Core.Domain;

namespace MovieRec.Core.Data;

/// <summary>
/// The fast path for ratings files (millions of rows): reads raw bytes in large blocks, splits lines and fields on
/// spans, parses numbers with <see cref="Utf8Parser"/>; no strings or regexes per row. Validates every row (field
/// count, numbers, scale, known movie and user, duplicate user/movie pair) and reports bad ones.
/// </summary>
internal sealed class RatingsParser
{
    public required string Path { get; init; }
    public required byte[] Separator { get; init; }
    public bool HasHeader { get; init; }
    public RatingScale Scale { get; init; }
    /// <summary>Known movie ids (index = id).</summary>
    public required bool[] KnownMovies { get; init; }
    /// <summary>Known user ids (index = id), or null when users come from the ratings themselves.</summary>
    public bool[]? KnownUsers { get; init; }

    public List<Rating> Parse(LoadReportBuilder report, IProgress<double>? progress)
    {
        var file = System.IO.Path.GetFileName(Path);
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = Math.Max(1, stream.Length);
        // ~ 25 bytes per row in the latest format: a good first guess for the list capacity.
        var ratings = new List<Rating>((int)Math.Min(int.MaxValue / 2, length / 22 + 16));
        var duplicates = new DuplicateDetector();
        var buffer = new byte[1 << 22];
        int filled = 0, line = 0, rows = 0;
        long consumed = 0;
        var lastReported = 0.0;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            var eof = read == 0;
            filled += read;
            var data = buffer.AsSpan(0, filled);
            var start = 0;
            while (true)
            {
                var rest = data[start..];
                var nl = rest.IndexOf((byte)'\n');
                ReadOnlySpan<byte> lineSpan;
                if (nl >= 0) { lineSpan = rest[..nl]; start += nl + 1; }
                else if (eof && rest.Length > 0) { lineSpan = rest; start = filled; }
                else break;
                line++;
                if (lineSpan.Length > 0 && lineSpan[^1] == (byte)'\r') lineSpan = lineSpan[..^1];
                if (lineSpan.IsEmpty) continue;
                if (HasHeader && line == 1 && !IsDigit(lineSpan[0])) continue;
                rows++;
                var error = ParseRow(lineSpan, out var rating);
                if (error is null && !duplicates.Add(rating, ratings)) error = $"duplicate rating of movie {rating.MovieId} by user {rating.UserId}";
                if (error is null) ratings.Add(rating);
                else report.Bad(file, line, error);
            }
            consumed += start;
            if (eof) break;
            // Keep the partial last line; grow the buffer for a line longer than it.
            var remaining = filled - start;
            if (remaining == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            else buffer.AsSpan(start, remaining).CopyTo(buffer);
            filled = remaining;
            var fraction = (double)consumed / length;
            if (progress is not null && fraction - lastReported >= 0.01) { progress.Report(fraction); lastReported = fraction; }
        }
        report.Rows(file, rows);
        progress?.Report(1.0);
        return ratings;
    }

    private string? ParseRow(ReadOnlySpan<byte> line, out Rating rating)
    {
        rating = default;
        Span<Range> ranges = stackalloc Range[5];
        var count = Split(line, Separator, ranges);
        if (count != 4) return $"expected 4 fields, found {(count > 4 ? "more than 4" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
        var userField = line[ranges[0]];
        var movieField = line[ranges[1]];
        var ratingField = line[ranges[2]];
        var timeField = line[ranges[3]];
        if (!TryParseId(userField, out var user)) return $"user id '{Show(userField)}' is not a number";
        if (!TryParseId(movieField, out var movie)) return $"movie id '{Show(movieField)}' is not a number";
        if (!TryParseRating(ratingField, out var value)) return $"rating '{Show(ratingField)}' is not a number";
        if (!Utf8Parser.TryParse(timeField, out long time, out var used) || used != timeField.Length)
            return $"timestamp '{Show(timeField)}' is not a number";
        if (!Scale.Contains(value) || !OnStep(value))
            return $"rating {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside the scale {Scale.Min}..{Scale.Max} step {Scale.Step}";
        if (movie >= KnownMovies.Length || !KnownMovies[movie]) return $"unknown movie {movie}";
        if (KnownUsers is not null && (user >= KnownUsers.Length || !KnownUsers[user])) return $"unknown user {user}";
        rating = new Rating(user, movie, value, time);
        return null;
    }

    /// <summary>A non-negative int of at most 9 digits (ids), without the generality of a number parser.</summary>
    private static bool TryParseId(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 9) return false;
        foreach (var b in s)
        {
            var d = b - (byte)'0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    /// <summary>"4", "4.5", "3.25": digits with an optional fraction; anything else through <see cref="Utf8Parser"/>.</summary>
    private static bool TryParseRating(ReadOnlySpan<byte> s, out float value)
    {
        value = 0;
        if (s.IsEmpty) return false;
        int whole = 0, fraction = 0, scale = 1, i = 0;
        for (; i < s.Length && (uint)(s[i] - '0') <= 9 && i < 6; i++) whole = whole * 10 + (s[i] - '0');
        if (i > 0 && i < s.Length && s[i] == (byte)'.')
        {
            var start = ++i;
            for (; i < s.Length && (uint)(s[i] - '0') <= 9 && i - start < 6; i++) { fraction = fraction * 10 + (s[i] - '0'); scale *= 10; }
            if (i == s.Length && i > start) { value = whole + (float)fraction / scale; return true; }
        }
        else if (i > 0 && i == s.Length) { value = whole; return true; }
        return Utf8Parser.TryParse(s, out value, out var used) && used == s.Length && float.IsFinite(value);
    }

    private bool OnStep(float value)
    {
        var steps = value / Scale.Step;
        return MathF.Abs(steps - MathF.Round(steps)) < 1e-4f;
    }

    private static int Split(ReadOnlySpan<byte> line, ReadOnlySpan<byte> separator, Span<Range> ranges)
    {
        var count = 0;
        var offset = 0;
        while (true)
        {
            if (count == ranges.Length) return count + 1;
            var i = line[offset..].IndexOf(separator);
            if (i < 0) { ranges[count++] = new Range(offset, line.Length); return count; }
            ranges[count++] = new Range(offset, offset + i);
            offset += i + separator.Length;
        }
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static string Show(ReadOnlySpan<byte> field)
    {
        var text = System.Text.Encoding.UTF8.GetString(field.Length > 40 ? field[..40] : field);
        return text;
    }

    /// <summary>
    /// Duplicate (user, movie) pairs. Ratings files are usually grouped by user, so a set of the current user's movies is
    /// enough; when a user shows up again after another one (e.g. u.data, in random order), switch to a set of all pairs.
    /// </summary>
    private sealed class DuplicateDetector
    {
        private int _currentUser = -1;
        private readonly HashSet<int> _currentMovies = [];
        private readonly HashSet<int> _finishedUsers = [];
        private HashSet<long>? _all;

        public bool Add(Rating r, List<Rating> accepted)
        {
            if (_all is null && r.UserId != _currentUser)
            {
                if (_finishedUsers.Contains(r.UserId))
                {
                    _all = new HashSet<long>(accepted.Count * 2);
                    foreach (var a in accepted) _all.Add(Key(a.UserId, a.MovieId));
                }
                else
                {
                    if (_currentUser >= 0) _finishedUsers.Add(_currentUser);
                    _currentUser = r.UserId;
                    _currentMovies.Clear();
                }
            }
            return _all is not null ? _all.Add(Key(r.UserId, r.MovieId)) : _currentMovies.Add(r.MovieId);
        }

        private static long Key(int user, int movie) => ((long)user << 32) | (uint)movie;
    }
}
