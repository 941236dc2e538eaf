using Repro.Evaluation;

namespace Repro.Tests.Evaluation;

public sealed class FixedChunksTests
{
    [Fact]
    public void Chunk_boundaries_depend_on_the_row_count_only()
    {
        const int Rows = (3 * FixedChunks.Length) + 5;

        var single = FixedChunks.Map(Rows, 1, (start, end) => (start, end));
        var parallel = FixedChunks.Map(Rows, 4, (start, end) => (start, end));

        Assert.Equal(single, parallel);
        Assert.Equal(
            [(0, FixedChunks.Length), (FixedChunks.Length, 2 * FixedChunks.Length), (2 * FixedChunks.Length, 3 * FixedChunks.Length), (3 * FixedChunks.Length, Rows)],
            single);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void The_first_failing_chunk_s_exception_is_rethrown_unwrapped(int threads)
    {
        const int Rows = 5 * FixedChunks.Length;

        var error = Assert.Throws<MetricUndefinedException>(() => FixedChunks.Map(Rows, threads, (start, end) =>
            start >= FixedChunks.Length ? throw new MetricUndefinedException("m", $"chunk at {start}") : start));

        Assert.Equal($"chunk at {FixedChunks.Length}", error.Reason);
    }

    [Fact]
    public void No_rows_means_no_chunks()
    {
        Assert.Empty(FixedChunks.Map(0, 4, (start, end) => start));
    }
}
