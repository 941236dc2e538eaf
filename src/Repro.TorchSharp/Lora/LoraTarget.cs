using TorchSharp;
using TorchSharp.Modules;

namespace Repro.TorchSharp.Lora;

/// <summary>One <c>Linear</c> layer chosen for adaptation: its full name, the module that holds it and its name there.</summary>
internal sealed record LoraTarget(string Name, Linear Layer, torch.nn.Module Parent, string ChildName);
