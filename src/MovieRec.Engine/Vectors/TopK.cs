namespace MovieRec.Engine.Vectors;

/// <summary>
/// Bounded min-heap keeping the k best (score, row) pairs. Ties go to the lower row, so results are
/// the same whatever order rows are offered in (single-threaded, partitioned or batched).
/// </summary>
internal sealed class TopK
{
    private readonly float[] _scores;
    private readonly int[] _rows;

    public TopK(int k)
    {
        _scores = new float[k];
        _rows = new int[k];
    }

    public int Count { get; private set; }
    public int Capacity => _scores.Length;
    public bool IsFull => Count == _scores.Length;

    /// <summary>Score a candidate must beat to enter (minus infinity until full).</summary>
    public float Threshold => IsFull ? _scores[0] : float.NegativeInfinity;

    public void Clear() => Count = 0;

    public void Offer(float score, int row)
    {
        if (Count < _scores.Length)
        {
            var i = Count++;
            _scores[i] = score;
            _rows[i] = row;
            SiftUp(i);
        }
        else if (Worse(_scores[0], _rows[0], score, row))
        {
            _scores[0] = score;
            _rows[0] = row;
            SiftDown(0);
        }
    }

    public void MergeFrom(TopK other)
    {
        for (var i = 0; i < other.Count; i++) Offer(other._scores[i], other._rows[i]);
    }

    /// <summary>The kept pairs, best first, with rows mapped to ids. Empties the heap.</summary>
    public VectorHit[] ToHits(ReadOnlySpan<int> idOfRow)
    {
        var hits = new VectorHit[Count];
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            var (score, row) = PopWorst();
            hits[i] = new VectorHit(idOfRow[row], score);
        }
        return hits;
    }

    /// <summary>The kept rows, best first. Empties the heap.</summary>
    public int[] BestRows()
    {
        var rows = new int[Count];
        for (var i = rows.Length - 1; i >= 0; i--) rows[i] = PopWorst().Row;
        return rows;
    }

    // The heap's order is total (score, then row), so popping gives the same order a sort would, without a comparer.
    private (float Score, int Row) PopWorst()
    {
        var worst = (_scores[0], _rows[0]);
        if (--Count > 0)
        {
            _scores[0] = _scores[Count];
            _rows[0] = _rows[Count];
            SiftDown(0);
        }
        return worst;
    }

    // a is worse than b: lower score, or same score and higher row.
    private static bool Worse(float sa, int ra, float sb, int rb) => sa < sb || (sa == sb && ra > rb);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Worse(_scores[i], _rows[i], _scores[parent], _rows[parent])) break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = 2 * i + 1;
            if (left >= Count) break;
            var worst = left;
            var right = left + 1;
            if (right < Count && Worse(_scores[right], _rows[right], _scores[left], _rows[left])) worst = right;
            if (!Worse(_scores[worst], _rows[worst], _scores[i], _rows[i])) break;
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
