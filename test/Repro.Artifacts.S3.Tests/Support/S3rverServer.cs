using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Repro.Artifacts.Remotes;

namespace Repro.Artifacts.S3.Tests.Support;

/// <summary>
/// A real S3-compatible server (s3rver, from npm) on 127.0.0.1 and a free port, with a data folder of its
/// own and one bucket, for the whole test collection; stopped and deleted on dispose. Every wait is bounded.
/// </summary>
public sealed partial class S3rverServer : IDisposable
{
    public const string Bucket = "repro-test";

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _dataFolder;

    /// <summary>The folder holding s3rver's package.json and package-lock.json.</summary>
    public static string PackageFolder { get; } =
        typeof(S3rverServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "S3rverFolder").Value!;

    private static string Script => Path.Combine(PackageFolder, "node_modules", "s3rver", "bin", "s3rver.js");

    /// <summary>
    /// Why the S3 tests cannot run on this machine (no Node.js), or null when they can. A machine with Node.js
    /// but without s3rver installed gets it installed from the committed lock file on first use.
    /// </summary>
    public static string? MissingPrerequisite { get; } = OnPath("node") && (File.Exists(Script) || OnPath("npm"))
        ? null
        : "Node.js (node and npm) is not installed, so the local S3 server s3rver cannot start";

    public S3rverServer()
    {
        if (!File.Exists(Script))
        {
            InstallFromLockFile();
        }

        _dataFolder = Directory.CreateTempSubdirectory("repro-s3rver-").FullName;
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Script, "--directory", _dataFolder, "--address", "127.0.0.1", "--port", "0", "--silent", "--configure-bucket", Bucket },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stderr = _process.StandardError.ReadToEndAsync();
        int? port;
        try
        {
            port = ReadPortAsync().WaitAsync(StartLimit).GetAwaiter().GetResult();
        }
        catch
        {
            Dispose();
            throw;
        }

        if (port is null)
        {
            Dispose();
            throw new InvalidOperationException($"s3rver exited before listening: {stderr.GetAwaiter().GetResult()}");
        }

        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Endpoint { get; }

    private static bool OnPath(string tool) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));

    private static void InstallFromLockFile()
    {
        using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        {
            WorkingDirectory = PackageFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("npm did not start.");
        var error = npm.StandardError.ReadToEndAsync();
        _ = npm.StandardOutput.ReadToEndAsync();
        if (!npm.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            npm.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'npm ci' in {PackageFolder} did not finish within 3 minutes.");
        }

        if (npm.ExitCode != 0 || !File.Exists(Script))
        {
            throw new InvalidOperationException($"'npm ci' in {PackageFolder} failed (exit {npm.ExitCode}): {error.GetAwaiter().GetResult()}");
        }
    }

    /// <summary>s3rver's fixed credentials.</summary>
    public static RemoteContext Context { get; } = new(name => name switch
    {
        "AWS_ACCESS_KEY_ID" => "S3RVER",
        "AWS_SECRET_ACCESS_KEY" => "S3RVER",
        _ => null,
    });

    /// <summary>The server's data folder: objects are files there, so a test can corrupt one.</summary>
    public string DataFolder => _dataFolder;

    /// <summary>A remote under a prefix of its own, so tests do not see each other's objects.</summary>
    public Uri UriFor(string prefix) => new($"s3://{Bucket}/{prefix}?endpoint={Uri.EscapeDataString(Endpoint.ToString())}");

    public IObjectRemote Open(string prefix) => new S3RemoteProvider().Open(UriFor(prefix), Context);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not change any test's outcome.
        }
    }

    private async Task<int?> ReadPortAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                // Keep draining stdout so the server never blocks on a full pipe.
                _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
