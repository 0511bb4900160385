using MovieRec.Core.Domain;

namespace MovieRec.Core.Catalog;

/// <summary>A candidate of a fuzzy title lookup. Confidence is 0..1: 1 for an exact title (and year) match.</summary>
public sealed record TitleMatch(Movie Movie, double Confidence);
