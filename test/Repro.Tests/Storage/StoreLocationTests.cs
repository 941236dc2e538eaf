using Repro.Storage;

namespace Repro.Tests.Storage;

public sealed class StoreLocationTests : IDisposable
{
    private readonly string _base = Directory.CreateTempSubdirectory("repro-location-").FullName;

    public void Dispose() => Directory.Delete(_base, recursive: true);

    [Fact]
    public void A_sqlite_uri_with_an_absolute_path_names_that_file()
    {
        var location = StoreLocation.Parse("sqlite:/data/stores/team.db", _base);

        Assert.Equal(new StoreLocation("sqlite", "/data/stores/team.db"), location);
        Assert.Equal("sqlite:/data/stores/team.db", location.Uri);
    }

    [Fact]
    public void A_sqlite_uri_with_a_relative_path_resolves_against_the_base_folder() =>
        Assert.Equal(Path.Combine(_base, "stores", "team.db"), StoreLocation.Parse("sqlite:stores/team.db", _base).Path);

    [Fact]
    public void A_file_uri_style_sqlite_path_with_three_slashes_is_absolute() =>
        Assert.Equal("/data/team.db", StoreLocation.Parse("sqlite:///data/team.db", _base).Path);

    [Fact]
    public void The_scheme_is_case_insensitive() =>
        Assert.Equal(new StoreLocation("sqlite", "/data/team.db"), StoreLocation.Parse("SQLite:/data/team.db", _base));

    [Fact]
    public void A_sqlite_uri_naming_a_folder_means_the_store_in_its_repro_folder() =>
        Assert.Equal(Path.Combine(_base, "project", ".repro", "repro.db"), StoreLocation.Parse("sqlite:project", _base).Path);

    [Fact]
    public void A_plain_project_folder_means_the_store_in_its_repro_folder()
    {
        Assert.Equal(new StoreLocation("sqlite", Path.Combine(_base, ".repro", "repro.db")), StoreLocation.Parse(_base, "/"));
        Assert.Equal(Path.Combine(_base, ".repro", "repro.db"), StoreLocation.Parse(".", _base).Path);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(_base)!, ".repro", "repro.db"), StoreLocation.Parse("..", _base).Path);
    }

    [Theory]
    [InlineData(".repro")]
    [InlineData(".repro/")]
    [InlineData("./.repro")]
    public void A_repro_folder_means_the_database_inside_it(string text) =>
        Assert.Equal(Path.Combine(_base, ".repro", "repro.db"), StoreLocation.Parse(text, _base).Path);

    [Theory]
    [InlineData("runs.db")]
    [InlineData("runs.DB")]
    [InlineData("nested/runs.db")]
    public void A_db_path_names_that_file_whether_or_not_it_exists(string text) =>
        Assert.Equal(Path.GetFullPath(text, _base), StoreLocation.Parse(text, _base).Path);

    [Fact]
    public void An_existing_file_is_the_store_whatever_its_extension()
    {
        var file = Path.Combine(_base, "runs.sqlite");
        File.WriteAllBytes(file, []);

        Assert.Equal(file, StoreLocation.Parse("runs.sqlite", _base).Path);
    }

    [Fact]
    public void A_colon_inside_a_path_is_not_taken_for_a_scheme()
    {
        var location = StoreLocation.Parse("/data/run:1/.repro", _base);

        Assert.Equal(new StoreLocation("sqlite", "/data/run:1/.repro/repro.db"), location);
    }

    [Fact]
    public void Other_schemes_are_kept_for_their_back_end_as_written()
    {
        var location = StoreLocation.Parse("postgresql://db.local:5432/repro", _base);

        Assert.Equal(new StoreLocation("postgresql", "//db.local:5432/repro"), location);
        Assert.Equal("postgresql://db.local:5432/repro", location.Uri);
    }

    [Fact]
    public void A_location_parses_back_from_its_uri()
    {
        var location = StoreLocation.Parse("nested/runs.db", _base);

        Assert.Equal(location, StoreLocation.Parse(location.Uri, "/somewhere/else"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_location_fails_suggesting_repro_init(string text)
    {
        var error = Assert.Throws<StoreException>(() => StoreLocation.Parse(text, _base));

        Assert.Contains("repro init", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_project_default_is_the_repro_folder_database() =>
        Assert.Equal(new StoreLocation("sqlite", Path.Combine(_base, ".repro", "repro.db")), StoreLocation.ForProject(_base));
}
