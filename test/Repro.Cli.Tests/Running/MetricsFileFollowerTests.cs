using Repro.Cli.Running;
using Repro.Tracking;

namespace Repro.Cli.Tests.Running;

public sealed class MetricsFileFollowerTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "repro-metrics-" + Guid.NewGuid().ToString("N") + ".jsonl");
    private readonly List<MetricPoint> _points = [];
    private readonly List<(long Line, string Reason)> _rejected = [];

    [Fact]
    public void A_line_is_taken_in_only_once_it_is_complete()
    {
        using var follower = NewFollower();

        Write("""{"key": "a", "val""");
        follower.Poll();
        var beforeCompletion = _points.Count;
        Write("ue\": 1}\n{\"key\": \"b\", \"value\": 2}");
        follower.Poll();
        var afterCompletion = _points.Select(p => p.Key).ToList();
        follower.Stop();

        Assert.Equal(0, beforeCompletion);
        Assert.Equal(["a"], afterCompletion);
        Assert.Equal(["a", "b"], _points.Select(p => p.Key));
    }

    [Fact]
    public void Bad_lines_are_counted_with_their_line_numbers_and_blank_lines_are_skipped()
    {
        using var follower = NewFollower();

        Write("{\"key\": \"a\", \"value\": 1}\r\n\n  \nnope\n{\"key\": \"a\"}\n");
        follower.Stop();

        Assert.Single(_points);
        Assert.Equal([4L, 5L], _rejected.Select(r => r.Line));
        Assert.Equal(2, follower.RejectedLines);
    }

    [Fact]
    public void An_overlong_line_is_rejected_and_the_next_one_is_read()
    {
        using var follower = NewFollower();

        Write(new string('x', MetricsFileFollower.MaxLineBytes + 10));
        follower.Poll();
        Write("\n{\"key\": \"after\", \"value\": 1}\n");
        follower.Stop();

        Assert.Equal([(1L, $"longer than {MetricsFileFollower.MaxLineBytes} bytes")], _rejected);
        Assert.Equal(["after"], _points.Select(p => p.Key));
    }

    [Fact]
    public void A_file_started_over_is_read_from_its_beginning()
    {
        using var follower = NewFollower();
        Write("{\"key\": \"first\", \"value\": 1}\n{\"key\": \"first\", \"value\": 2}\n");
        follower.Poll();

        File.WriteAllText(_path, "{\"key\": \"second\", \"value\": 3}\n");
        follower.Stop();

        Assert.Equal(["first", "first", "second"], _points.Select(p => p.Key));
    }

    public void Dispose() => File.Delete(_path);

    private MetricsFileFollower NewFollower() =>
        new(_path, TimeSpan.FromHours(1), TimeProvider.System, _points.Add, (line, reason) => _rejected.Add((line, reason)));

    private void Write(string text) => File.AppendAllText(_path, text);
}
