using System.Reflection;

namespace Repro.Cli.Tests.Support;

/// <summary>Where test/Repro.TestChild was built, and the dotnet host to run it with.</summary>
internal static class TestChild
{
    public static string Path
    {
        get
        {
            var path = typeof(TestChild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "Repro.TestChild")?.Value;
            return path is not null && File.Exists(path) ? path : throw new FileNotFoundException($"Repro.TestChild was not built at '{path}'.");
        }
    }

    public static string DotnetHost
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            var self = Environment.ProcessPath;
            return self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }
}
