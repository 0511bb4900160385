namespace MovieRec.Core.Data;

/// <summary>The on-disk layouts the loader understands, detected from the files present.</summary>
public enum DatasetFormat
{
    /// <summary>ml-latest / ml-latest-small / ml-25m / ml-32m: movies.csv, ratings.csv, tags.csv, links.csv.</summary>
    MovieLensLatest,
    /// <summary>ml-1m: movies.dat, ratings.dat, users.dat separated by "::" (Latin-1).</summary>
    MovieLens1M,
    /// <summary>ml-100k: u.data (tab), u.item and u.user ("|", Latin-1).</summary>
    MovieLens100K,
}
