using Spectre.Console;

namespace Repro.Cli;

/// <summary>
/// The table style of the run views: no borders, bold headers, two spaces between columns, so that
/// several columns fit an 80-column terminal.
/// </summary>
internal static class CompactTable
{
    public static Table Create() => new() { Border = TableBorder.None };

    /// <summary>A column; <paramref name="noWrap"/> for values that must stay on one line (numbers, ids).</summary>
    public static TableColumn Column(string header, bool noWrap = false, bool rightAligned = false)
    {
        var column = new TableColumn($"[bold]{Markup.Escape(header)}[/]") { Padding = new Padding(0, 0, 2, 0) };
        if (noWrap)
        {
            column.NoWrap();
        }

        return rightAligned ? column.RightAligned() : column;
    }

    /// <summary>A section heading: a rule across the terminal with the title on the left.</summary>
    public static void Section(IAnsiConsole console, string title)
    {
        console.WriteLine();
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
    }
}
