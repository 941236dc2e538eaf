namespace Repro.Cli.Tests.Output;

public sealed class SparklineTests
{
    [Fact]
    public void A_rising_series_climbs_through_every_level()
    {
        var line = Sparkline.Render([0, 1, 2, 3, 4, 5, 6, 7]);

        Assert.Equal("▁▂▃▄▅▆▇█", line);
    }

    [Fact]
    public void Values_scale_between_the_series_minimum_and_maximum()
    {
        var line = Sparkline.Render([10.0, 10.5, 11.0, 10.0]);

        Assert.Equal("▁▅█▁", line);
    }

    [Fact]
    public void A_constant_series_renders_flat()
    {
        Assert.Equal("▄▄▄▄▄", Sparkline.Render([3.25, 3.25, 3.25, 3.25, 3.25]));
        Assert.Equal("▄", Sparkline.Render([-1.0]));
    }

    [Fact]
    public void An_empty_series_renders_nothing()
    {
        Assert.Equal(string.Empty, Sparkline.Render([]));
    }

    [Fact]
    public void A_long_series_is_downsampled_to_forty_columns_by_bucket_mean()
    {
        // 400 points: the first half 0, the second 1; each of the 40 columns averages 10 points.
        var values = Enumerable.Range(0, 400).Select(i => i < 200 ? 0.0 : 1.0).ToArray();

        var line = Sparkline.Render(values);

        Assert.Equal(new string('▁', 20) + new string('█', 20), line);
    }

    [Fact]
    public void Bucket_means_smooth_out_alternating_noise()
    {
        var values = Enumerable.Range(0, 80).Select(i => i % 2 == 0 ? 0.0 : 1.0).ToArray();

        Assert.Equal(new string('▄', 40), Sparkline.Render(values));
    }

    [Fact]
    public void Uneven_lengths_cover_every_point_and_respect_the_width()
    {
        var values = Enumerable.Range(0, 101).Select(i => (double)i).ToArray();

        var line = Sparkline.Render(values, maxWidth: 7);

        Assert.Equal("▁▂▃▄▆▇█", line);
    }

    [Fact]
    public void NaN_and_infinities_show_as_a_distinct_mark_and_do_not_stretch_the_scale()
    {
        var line = Sparkline.Render([0.0, double.NaN, 1.0, double.PositiveInfinity, double.NegativeInfinity]);

        Assert.Equal($"▁{Sparkline.NonFinite}█{Sparkline.NonFinite}{Sparkline.NonFinite}", line);
    }

    [Fact]
    public void A_divergence_inside_a_bucket_is_not_hidden_by_the_mean()
    {
        var values = Enumerable.Repeat(1.0, 400).ToArray();
        values[205] = double.NaN;

        var line = Sparkline.Render(values);

        Assert.Equal(Sparkline.NonFinite, line[20]);
        Assert.Equal(1, line.Count(c => c == Sparkline.NonFinite));
    }

    [Fact]
    public void Extreme_finite_values_do_not_overflow()
    {
        Assert.Equal("▁▅█", Sparkline.Render([-double.MaxValue, 0.0, double.MaxValue]));
    }
}
