using System.CommandLine;

namespace Repro.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    /// <summary>Recursive: any command accepts <c>--store</c>.</summary>
    public static readonly Option<string?> Store = new("--store")
    {
        Description = "The store to use: a folder holding .repro/, a .repro folder, or sqlite:PATH. Default: $REPRO_STORE, else the nearest .repro/ above the current folder.",
        Recursive = true,
        HelpName = "URI",
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print machine-readable JSON (snake_case keys) instead of text.",
    };
}
