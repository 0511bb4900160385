namespace MovieRec.Engine.Text.Bert;

public sealed class BertEncoderOptions
{
    /// <summary>Threads used for one batch; each thread encodes its own chunk of sentences.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Sentences encoded together by one thread (their tokens are packed into one matrix).</summary>
    public int SentencesPerChunk { get; set; } = 8;
}
