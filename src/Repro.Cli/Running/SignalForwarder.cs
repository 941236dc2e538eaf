using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Repro.Cli.Running;

/// <summary>
/// Passes SIGINT and SIGTERM that reach <c>repro run</c> on to the wrapped command instead of dying, so
/// the command can stop cleanly and the run still ends with its status. A second signal, or
/// <see cref="GracePeriod"/> without the command stopping, kills the command (and its children).
/// </summary>
/// <remarks>
/// Ctrl-C in a terminal already reaches the command (it shares the terminal's foreground process group),
/// so SIGINT is then not sent a second time; a SIGINT sent to this process alone (kill -INT) is passed on.
/// A signal that arrives before the command has started is passed on as soon as it starts.
/// </remarks>
internal sealed class SignalForwarder : IDisposable
{
    /// <summary>How long the command may take to stop after the first signal before it is killed.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Action<string> _notify;
    private readonly TimeProvider _time;
    private readonly bool _terminalReachesChild;
    private Process? _child;
    private PosixSignal? _received;
    private int _signalCount;
    private long _firstSignalAt;
    private bool _killed;

    private SignalForwarder(Action<string> notify, TimeProvider time)
    {
        _notify = notify;
        _time = time;
        _terminalReachesChild = PosixProcess.TerminalSignalsReachChildren();
    }

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Received
    {
        get
        {
            lock (_gate)
            {
                return _received;
            }
        }
    }

    /// <summary>True when the command was killed because it did not stop after a signal.</summary>
    public bool KilledChild
    {
        get
        {
            lock (_gate)
            {
                return _killed;
            }
        }
    }

    /// <summary>Starts intercepting SIGINT and SIGTERM for this process.</summary>
    /// <param name="notify">Shows a one-line message to the user (on stderr).</param>
    /// <param name="time">The clock for the grace period.</param>
    public static SignalForwarder Register(Action<string> notify, TimeProvider time)
    {
        var forwarder = new SignalForwarder(notify, time);
        if (!OperatingSystem.IsWindows())
        {
            forwarder._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, forwarder.OnSignal));
            forwarder._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, forwarder.OnSignal));
        }

        return forwarder;
    }

    /// <summary>Names the started command; a signal that came before is passed on now.</summary>
    public void Attach(Process child)
    {
        lock (_gate)
        {
            _child = child;
            if (_received is { } signal)
            {
                // The command did not exist when the signal came, so no terminal delivered it there.
                if (Forward(signal, evenIfTerminalDid: true))
                {
                    _notify($"passed {signal} on to the command (pid {child.Id}) as it started. Send it again (Ctrl-C) to kill the command.");
                }

                if (_signalCount > 1)
                {
                    KillChild("a second signal");
                }
            }
        }
    }

    /// <summary>Kills the command when it has outlived the grace period after a signal. Call while waiting for it.</summary>
    public void EnforceGracePeriod()
    {
        lock (_gate)
        {
            if (_received is not null && !_killed && _child is not null && _time.GetElapsedTime(_firstSignalAt) >= GracePeriod)
            {
                KillChild($"{GracePeriod.TotalSeconds:0} s");
            }
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Stay alive: the run must still be ended with the command's outcome.
        context.Cancel = true;
        lock (_gate)
        {
            _signalCount++;
            if (_signalCount == 1)
            {
                _received = context.Signal;
                _firstSignalAt = _time.GetTimestamp();
                if (_child is null)
                {
                    _notify($"received {context.Signal}; the command will be stopped as soon as it has started.");
                    return;
                }

                var forwarded = Forward(context.Signal, evenIfTerminalDid: false);
                _notify(forwarded
                    ? $"received {context.Signal}; passed it on to the command (pid {_child.Id}). Send it again (Ctrl-C) to kill the command."
                    : $"received {context.Signal}; waiting for the command (pid {_child.Id}) to stop. Send it again (Ctrl-C) to kill it.");
                return;
            }

            if (_child is not null && !_killed)
            {
                KillChild("a second signal");
            }
        }
    }

    private bool Forward(PosixSignal signal, bool evenIfTerminalDid)
    {
        if (_child is null || (signal == PosixSignal.SIGINT && _terminalReachesChild && !evenIfTerminalDid))
        {
            return false;
        }

        return PosixProcess.SendSignal(_child.Id, PosixProcess.Number(signal));
    }

    private void KillChild(string why)
    {
        _killed = true;
        _notify($"the command did not stop after {why}; killing it (pid {_child!.Id}) and its children.");
        try
        {
            _child.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }
}
