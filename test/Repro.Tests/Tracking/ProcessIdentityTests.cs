using System.Diagnostics;
using Repro.Tracking;

namespace Repro.Tests.Tracking;

public sealed class ProcessIdentityTests
{
    [Fact]
    public void The_current_process_is_identified_by_host_pid_and_start_time()
    {
        var me = ProcessIdentity.Current();

        Assert.Equal(Environment.MachineName, me.Host);
        Assert.Equal(Environment.ProcessId, me.ProcessId);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(me.ProcessStartTicks > 0);
        }

        Assert.True(ProcessIdentity.IsAlive(me.ProcessId, me.ProcessStartTicks));
    }

    [Fact]
    public void The_same_pid_with_another_start_time_is_another_process()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var me = ProcessIdentity.Current();

        Assert.False(ProcessIdentity.IsAlive(me.ProcessId, me.ProcessStartTicks + 1));
        // An unknown start time (0) trusts the pid alone.
        Assert.True(ProcessIdentity.IsAlive(me.ProcessId, 0));
    }

    [Fact]
    public void An_exited_process_is_not_alive()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));

        Assert.False(ProcessIdentity.IsAlive(process.Id, 0));
    }

    [Fact]
    public void A_pid_beyond_any_the_kernel_hands_out_is_not_alive() =>
        Assert.False(ProcessIdentity.IsAlive(int.MaxValue, 0));
}
