namespace MovieRec.Engine.Text.Lsa;

/// <summary>Settings of the LSA embedder (TF-IDF + randomized truncated SVD). Defaults suit a catalog of ~10k movies.</summary>
public sealed record LsaOptions
{
    /// <summary>Number of latent dimensions k.</summary>
    public int Dimensions { get; init; } = 256;
    /// <summary>Terms must occur in at least this many documents.</summary>
    public int MinDocumentFrequency { get; init; } = 2;
    /// <summary>Terms in more than this share of documents are dropped (too common to tell movies apart).</summary>
    public double MaxDocumentFrequencyRatio { get; init; } = 0.5;
    /// <summary>Vocabulary cap: the terms with the highest document frequency are kept.</summary>
    public int MaxFeatures { get; init; } = 40_000;
    /// <summary>Unigrams and bigrams (true) or unigrams only.</summary>
    public bool Bigrams { get; init; } = true;
    /// <summary>Extra random directions beyond k (Halko et al.'s oversampling p).</summary>
    public int Oversampling { get; init; } = 10;
    /// <summary>Power (subspace) iterations q; sharpen the spectrum of slowly decaying text matrices.</summary>
    public int PowerIterations { get; init; } = 3;
    public int Seed { get; init; } = 42;
    /// <summary>
    /// Document vectors are U_k Sigma_k^e and queries x V_k Sigma_k^(e-1), L2-normalized. e = 0 (the default) is the
    /// classic fold-in x V_k Sigma_k^-1 compared with the rows of U_k; e = 1 weights latent topics by their strength.
    /// </summary>
    public double SingularValueExponent { get; init; }

    internal void Validate()
    {
        if (Dimensions < 1) throw new ArgumentOutOfRangeException(nameof(Dimensions), Dimensions, "must be at least 1");
        if (MinDocumentFrequency < 1) throw new ArgumentOutOfRangeException(nameof(MinDocumentFrequency), MinDocumentFrequency, "must be at least 1");
        if (MaxDocumentFrequencyRatio is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(MaxDocumentFrequencyRatio), MaxDocumentFrequencyRatio, "must be in (0, 1]");
        if (MaxFeatures < 1) throw new ArgumentOutOfRangeException(nameof(MaxFeatures), MaxFeatures, "must be at least 1");
        if (Oversampling < 0 || PowerIterations < 0) throw new ArgumentOutOfRangeException(nameof(PowerIterations), "oversampling and power iterations must be >= 0");
    }

    internal string Describe() => FormattableString.Invariant(
        $"k={Dimensions};mindf={MinDocumentFrequency};maxdf={MaxDocumentFrequencyRatio};maxf={MaxFeatures};bi={Bigrams};p={Oversampling};q={PowerIterations};seed={Seed};e={SingularValueExponent}");
}
