using Repro.TorchSharp.Tests.Support;
using TorchSharp;

namespace Repro.TorchSharp.Tests;

public sealed class TorchThreadsTests : IDisposable
{
    private readonly TempRunStore _store = new();

    public void Dispose()
    {
        torch.set_num_threads(TorchThreads.DefaultThreads);
        _store.Dispose();
    }

    [Fact]
    public void Pinning_sets_libtorchs_counts_and_records_them()
    {
        using var run = _store.StartRun();

        TorchThreads.Pin(run, threads: 2);

        Assert.Equal(2, torch.get_num_threads());
        Assert.Equal(1, torch.get_num_interop_threads());
        Assert.Equal("2", run.Params[TorchThreads.ThreadsParam]);
        Assert.Equal("1", run.Params[TorchThreads.InteropThreadsParam]);
    }

    [Fact]
    public void The_default_is_one_thread_of_each_kind()
    {
        using var run = _store.StartRun();

        TorchThreads.Pin(run);

        Assert.Equal(1, torch.get_num_threads());
        Assert.Equal("1", run.Params[TorchThreads.ThreadsParam]);
    }

    [Fact]
    public void Another_inter_op_count_once_one_is_set_is_a_clear_error_and_records_nothing()
    {
        using var first = _store.StartRun();
        TorchThreads.Pin(first);
        using var second = _store.StartRun();

        var error = Assert.Throws<InvalidOperationException>(() => TorchThreads.Pin(second, interopThreads: 2));

        Assert.Contains("cannot change to 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TorchThreads.InteropThreadsParam, second.Params.Keys);
    }

    [Fact]
    public void A_count_below_one_is_rejected()
    {
        using var run = _store.StartRun();

        Assert.Throws<ArgumentOutOfRangeException>(() => TorchThreads.Pin(run, threads: 0));
    }
}
