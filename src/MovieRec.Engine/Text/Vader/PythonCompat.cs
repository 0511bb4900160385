using System.Globalization;
using System.Numerics;

namespace MovieRec.Engine.Text.Vader;

/// <summary>
/// The few Python string and number semantics the reference implementation relies on,
/// reproduced exactly so that our scores match it to the last digit.
/// </summary>
internal static class PythonCompat
{
    /// <summary>Python's str.isspace (what str.split() and str.strip() use): .NET's set plus U+001C..U+001F.</summary>
    public static bool IsSpace(char c) =>
        c <= ' ' ? c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f')
                 : c >= '\x85' && (c == '\x85' || c == '\xa0' || (c > '\xff' && c != '\u180e' && char.IsWhiteSpace(c)));

    /// <summary>Membership in Python's string.punctuation (ASCII only).</summary>
    public static bool IsPunctuation(char c) =>
        c < 128 && ((c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~'));

    /// <summary>Python's str.isupper: at least one cased character and no lower/title-case one.</summary>
    public static bool IsUpper(ReadOnlySpan<char> s)
    {
        var cased = false;
        foreach (var c in s)
        {
            if (c < 128)
            {
                if (c >= 'a' && c <= 'z') return false;
                if (c >= 'A' && c <= 'Z') cased = true;
                continue;
            }
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                    return false;
                case UnicodeCategory.UppercaseLetter:
                    cased = true;
                    break;
            }
        }
        return cased;
    }

    /// <summary>Length in code points (Python's len), counting a surrogate pair once.</summary>
    public static int CodePointLength(ReadOnlySpan<char> s)
    {
        var n = s.Length;
        for (var i = 1; i < s.Length; i++)
            if (char.IsLowSurrogate(s[i]) && char.IsHighSurrogate(s[i - 1])) n--;
        return n;
    }

    /// <summary>
    /// Python's round(x, digits): the exact binary value rounded to the nearest decimal, ties to even.
    /// Math.Round on x * 10^d can misjudge values within an ulp of a tie, so those are settled exactly.
    /// </summary>
    public static double Round(double x, int digits)
    {
        if (!double.IsFinite(x) || x == 0) return x;
        var scale = Math.Pow(10, digits);
        var scaled = x * scale;
        var fraction = Math.Abs(scaled - Math.Truncate(scaled));
        if (Math.Abs(fraction - 0.5) > 1e-7 || Math.Abs(scaled) > 1e15)
            return Math.Round(scaled, MidpointRounding.ToEven) / scale;
        return RoundExact(x, digits, scale);
    }

    private static double RoundExact(double x, int digits, double scale)
    {
        // |x| = mantissa * 2^exponent exactly; compare |x| * 10^d with the midpoints using integers.
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(x));
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        int exponent;
        if (exponentBits == 0) exponent = -1074;
        else { mantissa |= 1L << 52; exponent = exponentBits - 1075; }
        var numerator = new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        var denominator = BigInteger.One;
        if (exponent >= 0) numerator <<= exponent; else denominator <<= -exponent;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        var cmp = twice.CompareTo(denominator);
        if (cmp > 0 || (cmp == 0 && !quotient.IsEven)) quotient += 1;
        var result = (double)quotient / scale;
        return x < 0 ? -result : result;
    }
}
