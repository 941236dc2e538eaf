using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Repro.Tracking;

namespace Repro.Environments;

/// <summary>
/// Writes a Dockerfile that rebuilds a run's recorded environment: the exact .NET SDK image, the
/// variables that change numeric results, a locked restore of the recorded lock files, and the recorded
/// command under <c>repro run</c> with the run's seed, params and tolerances.
/// </summary>
internal static class DockerfileWriter
{
    private static readonly JsonSerializerOptions ArrayJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Variables worth carrying into the image: they change how code computes, not where files are.</summary>
    private static readonly string[] CarriedPrefixes = ["LANG", "LC_", "TZ", "OMP_", "MKL_", "OPENBLAS_", "BLIS_", "KMP_", "PYTHONHASHSEED", "CUBLAS_WORKSPACE_CONFIG", "DOTNET_Tiered", "DOTNET_ReadyToRun", "DOTNET_gc", "DOTNET_GC", "DOTNET_Enable", "DOTNET_PROCESSOR_COUNT", "COMPlus_"];

    /// <summary>The Dockerfile text.</summary>
    public static string Write(RunInfo run, RunData data, EnvironmentManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(manifest);
        var sdk = manifest.Runtime.SdkVersion
            ?? throw new InvalidRunDataException($"Run {run.Id.Value[..8]} recorded no .NET SDK version (no global.json and no SDK beside the dotnet host), so no exact SDK image can be named.");
        var command = manifest.Command
            ?? throw new InvalidRunDataException($"Run {run.Id.Value[..8]} recorded no command line, so the image would have nothing to run.");
        var text = new StringBuilder();
        var id = run.Id.Value;
        text.Append("# Rebuilds the environment of run ").Append(id).Append(" (").Append(run.Name).AppendLine(").");
        text.Append("# Recorded: ").Append(manifest.Runtime.Framework).Append(", SDK ").Append(sdk).Append(" (").Append(manifest.Runtime.SdkSource).Append("), ")
            .Append(manifest.Runtime.Rid).Append(", ").Append(manifest.Os.Distribution).Append(", glibc ").Append(manifest.NativeLibraries.Glibc)
            .Append(", ").Append(manifest.NativeLibraries.Libstdcxx).AppendLine(".");
        text.Append("# CPU: ").Append(manifest.Hardware.CpuModel).Append(" (AVX2 ").Append(manifest.Isa.Avx2 ? "yes" : "no").Append(", AVX-512F ")
            .Append(manifest.Isa.Avx512F ? "yes" : "no").Append(", FMA ").Append(manifest.Isa.Fma ? "yes" : "no")
            .AppendLine("): bit-identical results need the same ISA on the host.");
        if (manifest.Git is { } git)
        {
            text.AppendLine("# Build it from a checkout of the recorded commit with the recorded diff applied:");
            text.Append("#   git worktree add --detach ../run-").Append(id[..8]).Append(' ').AppendLine(git.Commit);
            if (git.DiffStored)
            {
                text.Append("#   repro env show ").Append(id[..8]).Append(" --git-diff | git -C ../run-").Append(id[..8]).AppendLine(" apply");
            }
            else if (git.Dirty)
            {
                text.Append("#   (the run had uncommitted changes that were not stored: ").Append(git.DiffNote ?? "see repro env show").AppendLine(")");
            }

            text.Append("#   docker build -f Dockerfile ../run-").Append(id[..8]).AppendLine();
        }

        text.AppendLine();
        text.Append("FROM --platform=").Append(Platform(manifest.Runtime.Rid)).Append(" mcr.microsoft.com/dotnet/sdk:").AppendLine(sdk);
        text.AppendLine("ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1");
        foreach (var (name, value) in manifest.EnvironmentVariables)
        {
            if (CarriedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !value.Contains(SecretRedactor.Marker, StringComparison.Ordinal))
            {
                text.Append("ENV ").Append(name).Append('=').AppendLine(JsonSerializer.Serialize(value, ArrayJson));
            }
        }

        // Installed onto the image's PATH directly, so no user's home folder is assumed.
        text.Append("RUN dotnet tool install --tool-path /usr/local/bin Repro.Cli --version ").AppendLine(manifest.Runtime.ReproVersion);
        text.AppendLine("WORKDIR /src");
        text.AppendLine("COPY . .");
        var lockFiles = manifest.Packages.Sources.Where(s => s.EndsWith("packages.lock.json", StringComparison.Ordinal)).ToList();
        foreach (var lockFile in lockFiles)
        {
            var folder = Path.GetDirectoryName(lockFile) is { Length: > 0 } f ? f : ".";
            text.Append("RUN dotnet restore --locked-mode ").AppendLine(folder);
        }

        if (lockFiles.Count == 0)
        {
            text.Append("# No packages.lock.json was recorded (packages came from ").Append(manifest.Packages.Sources.Count == 0 ? "nowhere" : string.Join(", ", manifest.Packages.Sources))
                .AppendLine("): a locked restore needs RestorePackagesWithLockFile=true in the project.");
            text.AppendLine("RUN dotnet restore --locked-mode");
        }

        var workingFolder = manifest.Git?.WorkingFolder is { } relative && relative != "." ? "/src/" + relative : "/src";
        text.Append("WORKDIR ").AppendLine(workingFolder);
        text.AppendLine("RUN repro init");
        if (command.Source != "repro run")
        {
            text.AppendLine("# The run was started in-process; its command names the program as built on the recording machine.");
        }

        if (command.Redactions > 0)
        {
            text.AppendLine("# The recorded command had secrets redacted: pass them through the environment instead.");
        }

        var entrypoint = new List<string> { "repro", "run", "--experiment", run.ExperimentName, "--seed", run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in data.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            entrypoint.Add("-p");
            entrypoint.Add($"{key}={value}");
        }

        foreach (var (key, value) in data.Tags.Where(t => t.Key.StartsWith("repro.tolerance.", StringComparison.Ordinal)).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            entrypoint.Add("--tolerance");
            entrypoint.Add($"{key["repro.tolerance.".Length..]}={value}");
        }

        entrypoint.Add("--");
        text.Append("ENTRYPOINT ").AppendLine(JsonSerializer.Serialize(entrypoint, ArrayJson));
        text.Append("CMD ").AppendLine(JsonSerializer.Serialize(command.Args, ArrayJson));
        return text.ToString();
    }

    private static string Platform(string rid) => rid.EndsWith("arm64", StringComparison.Ordinal) ? "linux/arm64" : rid.EndsWith("arm", StringComparison.Ordinal) ? "linux/arm/v7" : "linux/amd64";
}
