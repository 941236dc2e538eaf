namespace Repro.Environments;

/// <summary>
/// Which environment variables a manifest records: only those that change how programs compute
/// (locale, time zone, runtime and math-library knobs, thread counts, device selection, seeds). Anything
/// else, where credentials usually live, is never read into a manifest. Values that are allowed are
/// still redacted when they look like credentials, and a variable whose name names a secret is
/// recorded as <see cref="SecretRedactor.Marker"/>.
/// </summary>
internal static class EnvironmentAllowList
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "PATH", "LANG", "LANGUAGE", "TZ", "PYTHONHASHSEED", "PYTHONPATH", "VIRTUAL_ENV", "CONDA_DEFAULT_ENV", "CONDA_PREFIX",
        "LD_LIBRARY_PATH", "LD_PRELOAD", "CUBLAS_WORKSPACE_CONFIG", "XLA_FLAGS", "JAVA_HOME",
    };

    private static readonly string[] Prefixes =
    [
        "LC_", "DOTNET_", "COMPlus_", "OMP_", "GOMP_", "KMP_", "MKL_", "OPENBLAS_", "BLIS_", "VECLIB_", "NUMEXPR_",
        "CUDA_", "CUDNN_", "NVIDIA_", "NCCL_", "TORCH_", "PYTORCH_", "TF_", "ONNXRUNTIME_", "REPRO_",
    ];

    /// <summary>Different for every run by design (the run's own id, files, params and seed are recorded elsewhere).</summary>
    private static readonly HashSet<string> PerRun = new(StringComparer.Ordinal)
    {
        "REPRO_RUN_ID", "REPRO_METRICS", "REPRO_OUTPUTS", "REPRO_PARAMS", "REPRO_SEED",
    };

    /// <summary>True when the variable is recorded.</summary>
    public static bool Allows(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (PerRun.Contains(name))
        {
            return false;
        }

        if (Names.Contains(name))
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The allowed variables with their values made safe to store, sorted by name.</summary>
    public static SortedDictionary<string, string> Filter(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (!Allows(name))
            {
                continue;
            }

            result[name] = SecretRedactor.NamesSecret(name) ? SecretRedactor.Marker : SecretRedactor.Redact(value);
        }

        return result;
    }

    /// <summary>This process's environment variables.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ProcessVariables()
    {
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                yield return new(name, value);
            }
        }
    }
}
