using System.Text.RegularExpressions;
using TorchSharp;
using TorchSharp.Modules;

namespace Repro.TorchSharp.Lora;

/// <summary>Turns <see cref="LoraOptions.Targets"/> into the <c>Linear</c> layers they name (the matching rule is on <see cref="LoraOptions"/>).</summary>
internal static class LoraTargetResolver
{
    private const int MaxSuggestions = 3;

    /// <summary>The layers the targets name, each once, in the order <c>named_modules()</c> lists them.</summary>
    /// <exception cref="LoraTargetException">A name matches no module, names a module that is not a <c>Linear</c>, or a pattern matches no <c>Linear</c>.</exception>
    public static IReadOnlyList<LoraTarget> Resolve(torch.nn.Module model, IReadOnlyList<string> targets)
    {
        var modules = model.named_modules().ToList();
        var byName = new Dictionary<string, torch.nn.Module>(StringComparer.Ordinal);
        foreach (var (name, module) in modules)
        {
            byName.TryAdd(name, module);
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            if (!target.Contains('*', StringComparison.Ordinal))
            {
                chosen.Add(ResolveExact(target, byName, modules));
                continue;
            }

            var pattern = Pattern(target);
            var matched = modules.Where(m => pattern.IsMatch(m.name)).ToList();
            var linear = matched.Where(m => m.module is Linear).ToList();
            if (linear.Count == 0)
            {
                throw new LoraTargetException(target, matched.Count == 0
                    ? $"The LoRA target pattern '{target}' matches no module of the model. {Listing(modules)}"
                    : $"The LoRA target pattern '{target}' matches no Linear module, only {Describe(matched)}. {Listing(modules)}");
            }

            chosen.UnionWith(linear.Select(m => m.name));
        }

        return [.. modules
            .Where(m => chosen.Remove(m.name))
            .Select(m => new LoraTarget(m.name, (Linear)m.module, Parent(model, byName, m.name), ChildName(m.name)))];
    }

    private static string ResolveExact(string target, Dictionary<string, torch.nn.Module> byName, List<(string name, torch.nn.Module module)> modules)
    {
        if (!byName.TryGetValue(target, out var module))
        {
            var near = Nearest(target, modules.Select(m => m.name));
            throw new LoraTargetException(target,
                $"The model has no module named '{target}'."
                + (near.Count > 0 ? $" Nearest names: {string.Join(", ", near.Select(n => $"'{n}'"))}." : string.Empty)
                + $" {Listing(modules)}");
        }

        return module switch
        {
            Linear => target,
            LoraLinear => throw new LoraTargetException(target, $"Module '{target}' is already adapted with LoRA; a layer takes one adapter."),
            _ => throw new LoraTargetException(target,
                $"Module '{target}' is a {module.GetType().Name}, not a Linear: LoRA adapts Linear layers only. {Listing(modules)}"),
        };
    }

    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/> (see <see cref="LoraOptions"/>).</summary>
    internal static bool Matches(string pattern, string name) => Pattern(pattern).IsMatch(name);

    /// <summary>A pattern where each '*' matches any run of characters (dots included) and the rest matches itself.</summary>
    private static Regex Pattern(string target) =>
        new("^" + string.Join(".*", target.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static torch.nn.Module Parent(torch.nn.Module model, Dictionary<string, torch.nn.Module> byName, string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 ? model : byName[name[..dot]];
    }

    private static string ChildName(string name) => name[(name.LastIndexOf('.') + 1)..];

    private static string Listing(List<(string name, torch.nn.Module module)> modules)
    {
        var linear = modules.Where(m => m.module is Linear).Select(m => m.name).ToList();
        return linear.Count == 0
            ? "The model has no Linear modules."
            : $"Its Linear modules: {string.Join(", ", linear.Take(20))}{(linear.Count > 20 ? $" and {linear.Count - 20} more" : string.Empty)}.";
    }

    private static string Describe(List<(string name, torch.nn.Module module)> matched) =>
        string.Join(", ", matched.Take(5).Select(m => $"'{m.name}' ({m.module.GetType().Name})")) + (matched.Count > 5 ? $" and {matched.Count - 5} more" : string.Empty);

    /// <summary>The names closest to <paramref name="target"/> by edit distance, if any is close enough to be a plausible typo.</summary>
    internal static IReadOnlyList<string> Nearest(string target, IEnumerable<string> names) =>
        [.. names
            .Select(n => (Name: n, Distance: EditDistance(target, n)))
            .Where(n => n.Distance <= Math.Max(2, target.Length / 2))
            .OrderBy(n => n.Distance)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(n => n.Name)];

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
