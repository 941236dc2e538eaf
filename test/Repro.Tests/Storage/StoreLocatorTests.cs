using Repro.Storage;

namespace Repro.Tests.Storage;

/// <summary>DESIGN.md's order: --store, then REPRO_STORE, then the nearest .repro/ walking up, else an error.</summary>
public sealed class StoreLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("repro-locator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(params string[] parts) => Directory.CreateDirectory(Path.Combine([_root, .. parts])).FullName;

    [Fact]
    public void The_explicit_store_wins_over_the_environment_and_the_project_folder()
    {
        var project = Folder("project");
        Folder("project", ".repro");

        var location = StoreLocator.Locate("sqlite:/explicit/runs.db", "sqlite:/from/env.db", project);

        Assert.Equal("/explicit/runs.db", location.Path);
    }

    [Fact]
    public void The_environment_wins_over_the_project_folder()
    {
        var project = Folder("project");
        Folder("project", ".repro");

        var location = StoreLocator.Locate(null, "sqlite:/from/env.db", project);

        Assert.Equal("/from/env.db", location.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_explicit_store_or_environment_value_is_ignored(string blank)
    {
        var project = Folder("project");
        Folder("project", ".repro");

        Assert.Equal("/from/env.db", StoreLocator.Locate(blank, "sqlite:/from/env.db", project).Path);
        Assert.Equal(Path.Combine(project, ".repro", "repro.db"), StoreLocator.Locate(blank, blank, project).Path);
    }

    [Fact]
    public void Relative_explicit_and_environment_paths_resolve_against_the_current_folder()
    {
        var here = Folder("here");

        Assert.Equal(Path.Combine(here, "a.db"), StoreLocator.Locate("a.db", null, here).Path);
        Assert.Equal(Path.Combine(here, "b.db"), StoreLocator.Locate(null, "sqlite:b.db", here).Path);
    }

    [Fact]
    public void The_nearest_repro_folder_walking_up_is_found_like_git_finds_dot_git()
    {
        Folder("project", ".repro");
        var deep = Folder("project", "src", "models", "v2");

        var location = StoreLocator.Locate(null, null, deep);

        Assert.Equal(new StoreLocation("sqlite", Path.Combine(_root, "project", ".repro", "repro.db")), location);
    }

    [Fact]
    public void A_nested_project_wins_over_the_one_around_it()
    {
        Folder("outer", ".repro");
        Folder("outer", "inner", ".repro");
        var deep = Folder("outer", "inner", "src");

        Assert.Equal(Path.Combine(_root, "outer", "inner", ".repro", "repro.db"), StoreLocator.Locate(null, null, deep).Path);
    }

    [Fact]
    public void A_file_named_repro_is_not_a_store_folder()
    {
        Folder("outer", ".repro");
        var inner = Folder("outer", "inner");
        File.WriteAllText(Path.Combine(inner, ".repro"), "not a folder");

        Assert.Equal(Path.Combine(_root, "outer", ".repro", "repro.db"), StoreLocator.Locate(null, null, inner).Path);
    }

    [Fact]
    public void Without_any_store_the_error_suggests_repro_init()
    {
        var lonely = Folder("lonely", "deeper");
        // The temporary folder's own ancestors must hold no store for this test to mean anything.
        for (var dir = new DirectoryInfo(_root); dir is not null; dir = dir.Parent)
        {
            Assert.False(Directory.Exists(Path.Combine(dir.FullName, ".repro")), $"{dir.FullName} holds a .repro folder; remove it to run this test.");
        }

        var error = Assert.Throws<StoreException>(() => StoreLocator.Locate(null, null, lonely));

        Assert.Contains("repro init", error.Message, StringComparison.Ordinal);
        Assert.Contains(lonely, error.Message, StringComparison.Ordinal);
        Assert.Contains("REPRO_STORE", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void The_environment_variable_is_the_one_runs_hand_to_their_children() =>
        Assert.Equal(Repro.Tracking.RunEnvironment.Store, StoreLocator.EnvironmentVariable);
}
