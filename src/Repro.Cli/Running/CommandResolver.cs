namespace Repro.Cli.Running;

/// <summary>
/// Finds the program <c>repro run</c> is asked to start, the way a POSIX shell does: a name with a '/'
/// is a path (relative to the current folder), any other name is looked up in <c>PATH</c>. Checked
/// before the run is created, so a typo never leaves a failed run behind.
/// </summary>
internal static class CommandResolver
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The full path of the program to execute.</summary>
    /// <exception cref="InvalidRunArgumentException">The program does not exist or cannot be executed.</exception>
    public static string Resolve(string command, string? pathVariable, string currentDirectory)
    {
        if (string.IsNullOrEmpty(command))
        {
            throw new InvalidRunArgumentException("The command to run is empty.");
        }

        if (command.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(command, currentDirectory);
            if (Directory.Exists(path))
            {
                throw new InvalidRunArgumentException($"'{command}' is a folder, not a program.");
            }

            if (!File.Exists(path))
            {
                throw new InvalidRunArgumentException($"Command '{command}' not found: there is no file {path}.");
            }

            return IsExecutable(path)
                ? path
                : throw new InvalidRunArgumentException(
                    $"'{command}' is not executable: make it so (chmod +x {command}) or run it through its interpreter (repro run -- bash {command}).");
        }

        foreach (var folder in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(Path.GetFullPath(folder, currentDirectory), command);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidRunArgumentException(
            $"Command '{command}' not found on PATH. Check the spelling, or give its path (for example ./{command}).");
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0;
}
