namespace MovieRec.Core.Stores;

/// <summary>Times are stored as Unix milliseconds (UTC): portable to PostgreSQL and sortable.</summary>
internal static class StoreTime
{
    public static long ToUnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
