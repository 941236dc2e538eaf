using Repro.Evaluation.Uncertainty;
using Repro.Randomness;

namespace Repro.Tests.Evaluation.Uncertainty;

public sealed class BootstrapResampleTests
{
    [Fact]
    public void Resample_i_draws_from_the_stream_bootstrap_slash_i_of_the_seed()
    {
        var rows = new int[50];

        BootstrapResample.Draw(seed: 42, resample: 7, rows);

        var stream = new RandomStream(42, "bootstrap/7");
        Assert.Equal(Enumerable.Range(0, 50).Select(_ => stream.NextInt(50)), rows);
    }
}
