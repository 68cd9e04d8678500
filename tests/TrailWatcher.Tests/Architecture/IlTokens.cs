using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;

namespace TrailWatcher.Tests.Architecture;

/// <summary>The metadata tokens (types, methods, fields) a method body's IL refers to.</summary>
/// <remarks>A method body is where most references hide: a call, a <c>catch</c>, an <c>is</c> test, a <c>new</c>.</remarks>
internal static class IlTokens
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    public static List<int> Read(byte[] il)
    {
        var tokens = new List<int>();
        var at = 0;
        while (at < il.Length)
        {
            var code = (short)il[at++];
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il[at++]));
            }

            switch (Operands[code])
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    tokens.Add(BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at)));
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at)));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineString or OperandType.InlineSig or OperandType.ShortInlineR:
                    at += 4;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    throw new InvalidOperationException($"IL operand type {Operands[code]} is not handled");
            }
        }

        return tokens;
    }
}
