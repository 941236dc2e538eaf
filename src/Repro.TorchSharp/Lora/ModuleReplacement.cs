using System.Collections;
using System.Reflection;
using TorchSharp;

namespace Repro.TorchSharp.Lora;

/// <summary>
/// Puts one module in place of another inside its parent, both where the parent's forward pass finds it and where
/// <c>named_children()</c> does.
/// </summary>
/// <remarks>
/// TorchSharp has no public way to replace a child: <c>register_module</c> changes only what <c>named_children()</c>
/// reports, while a module's <c>forward</c> calls the child through a field of its own (a custom module) or a private
/// list (<c>Sequential</c>, <c>ModuleList</c>). So the replacement swaps every reference to the old child held in a field
/// of the parent, or in a <see cref="List{T}"/> held in one (as <c>RegisterComponents</c> finds children through fields),
/// and then registers the new child under the old name, keeping the order of the children.
/// </remarks>
internal sealed class ModuleReplacement
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private readonly torch.nn.Module _parent;
    private readonly string _childName;
    private readonly torch.nn.Module _old;
    private readonly List<FieldInfo> _fields;
    private readonly List<IList> _lists;

    private ModuleReplacement(torch.nn.Module parent, string childName, torch.nn.Module old, List<FieldInfo> fields, List<IList> lists)
    {
        _parent = parent;
        _childName = childName;
        _old = old;
        _fields = fields;
        _lists = lists;
    }

    /// <summary>Finds where <paramref name="parent"/> holds <paramref name="old"/>, and checks that a <typeparamref name="TNew"/> can go there. Changes nothing.</summary>
    /// <exception cref="LoraTargetException">The parent holds it in a field or list whose type a <typeparamref name="TNew"/> does not fit, or nowhere this can reach.</exception>
    public static ModuleReplacement Plan<TNew>(string target, string name, torch.nn.Module parent, string childName, torch.nn.Module old)
        where TNew : torch.nn.Module
    {
        var fields = new List<FieldInfo>();
        var lists = new List<IList>();
        for (var type = parent.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(InstanceFields))
            {
                var value = field.GetValue(parent);
                if (ReferenceEquals(value, old))
                {
                    fields.Add(field.FieldType.IsAssignableFrom(typeof(TNew))
                        ? field
                        : throw new LoraTargetException(target,
                            $"Module '{name}' is held by {parent.GetType().Name} in field '{field.Name}' of type {field.FieldType.Name}, which cannot hold the {typeof(TNew).Name} that replaces it: declare the field as Module<Tensor, Tensor>."));
                }
                else if (value is IList list && IsGenericList(value.GetType()) && Contains(list, old))
                {
                    var element = value.GetType().GetGenericArguments()[0];
                    lists.Add(element.IsAssignableFrom(typeof(TNew))
                        ? list
                        : throw new LoraTargetException(target,
                            $"Module '{name}' is held by {parent.GetType().Name} in a list of {element.Name}, which cannot hold the {typeof(TNew).Name} that replaces it: use a list of Module<Tensor, Tensor>."));
                }
            }
        }

        if (fields.Count == 0 && lists.Count == 0)
        {
            throw new LoraTargetException(target,
                $"Module '{name}' is not held in a field or a List<T> of its parent {parent.GetType().Name}, so LoRA cannot put an adapter in its place. Hold child modules in fields, as TorchSharp's RegisterComponents expects.");
        }

        return new ModuleReplacement(parent, childName, old, fields, lists);
    }

    /// <summary>Puts <paramref name="replacement"/> everywhere the plan found the old module.</summary>
    public void Execute(torch.nn.Module replacement)
    {
        foreach (var field in _fields)
        {
            field.SetValue(_parent, replacement);
        }

        foreach (var list in _lists)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (ReferenceEquals(list[i], _old))
                {
                    list[i] = replacement;
                }
            }
        }

        Register(replacement);
    }

    /// <summary>
    /// Registers the replacement under the old name unless the parent already reports it (Sequential derives its children
    /// from its list). register_module appends, so the children from the old one on are taken out and put back in order.
    /// </summary>
    private void Register(torch.nn.Module replacement)
    {
        var children = _parent.named_children().ToList();
        var index = children.FindIndex(c => c.name == _childName);
        if (index < 0 || ReferenceEquals(children[index].module, replacement))
        {
            return;
        }

        for (var i = index; i < children.Count; i++)
        {
            // A null module is register_module's documented way to remove a registration.
            _parent.register_module(children[i].name, null!);
        }

        for (var i = index; i < children.Count; i++)
        {
            _parent.register_module(children[i].name, i == index ? replacement : children[i].module);
        }
    }

    private static bool IsGenericList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>);

    private static bool Contains(IList list, object item)
    {
        foreach (var element in list)
        {
            if (ReferenceEquals(element, item))
            {
                return true;
            }
        }

        return false;
    }
}
