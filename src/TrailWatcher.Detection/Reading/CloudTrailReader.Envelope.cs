using System.Text.Json;

namespace TrailWatcher.Detection.Reading;

public sealed partial class CloudTrailReader
{
    private bool TryReadStart()
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (_end - _pos < bom.Length && !_eof)
        {
            return false;
        }

        if (_bufferOffset + _pos == 0 && _buffer.AsSpan(_pos, _end - _pos).StartsWith(bom))
        {
            _pos += bom.Length;
        }

        var i = SkipWhitespace(_pos);
        _pos = i;
        if (i == _end)
        {
            return false;
        }

        if (_buffer[i] != '{')
        {
            throw Format(i, $"not a CloudTrail log: the top-level value is not an object (found {Describe(_buffer[i])})");
        }

        _phase = ReaderPhase.TopRoot;
        return true;
    }

    // The outer structure is small and rare, so it gets the full JSON reader; only the Records array is scanned.
    private bool AdvanceTopLevel()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, _end - _pos), isFinalBlock: false, _jsonState);
        try
        {
            while (_phase is >= ReaderPhase.TopRoot and <= ReaderPhase.TopSkippingNested && reader.Read())
            {
                switch (_phase)
                {
                    case ReaderPhase.TopRoot:
                        _phase = ReaderPhase.TopProperty;
                        break;

                    case ReaderPhase.TopProperty when reader.TokenType == JsonTokenType.PropertyName:
                        if (reader.ValueTextEquals("Records"u8))
                        {
                            if (_sawRecords)
                            {
                                throw Format(_pos + (int)reader.TokenStartIndex, "not a CloudTrail log: more than one top-level Records key");
                            }

                            _phase = ReaderPhase.TopRecordsValue;
                        }
                        else
                        {
                            _phase = ReaderPhase.TopSkipValue;
                        }

                        _propertyRequired = false;
                        break;

                    case ReaderPhase.TopProperty:
                        if (_propertyRequired)
                        {
                            throw Format(_pos + (int)reader.TokenStartIndex, "invalid JSON: trailing comma after the Records array");
                        }

                        if (!_sawRecords)
                        {
                            throw Format(_pos + (int)reader.TokenStartIndex, "not a CloudTrail log: no top-level Records array");
                        }

                        _phase = ReaderPhase.AfterRoot;
                        break;

                    case ReaderPhase.TopRecordsValue:
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw Format(_pos + (int)reader.TokenStartIndex, $"not a CloudTrail log: Records is not an array (found {reader.TokenType})");
                        }

                        _sawRecords = true;
                        _phase = ReaderPhase.RecordsOpen;
                        break;

                    case ReaderPhase.TopSkipValue:
                        _phase = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                            ? ReaderPhase.TopSkippingNested
                            : ReaderPhase.TopProperty;
                        break;

                    default:
                        if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == 1)
                        {
                            _phase = ReaderPhase.TopProperty;
                        }

                        break;
                }
            }
        }
        // ValueTextEquals reports a property name escaping a lone surrogate as InvalidOperationException.
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw Format(_pos + (int)reader.BytesConsumed, $"invalid JSON: {ex.Message}", ex);
        }

        _pos += (int)reader.BytesConsumed;
        _jsonState = reader.CurrentState;
        return _phase is not (>= ReaderPhase.TopRoot and <= ReaderPhase.TopSkippingNested);
    }

    /// <returns>False when the buffer ends before what follows the Records array.</returns>
    private bool TryReadAfterRecords()
    {
        var i = SkipWhitespace(_pos);
        _pos = i;
        if (i == _end)
        {
            return false;
        }

        var b = _buffer[i];
        if (b == '}')
        {
            _pos = i + 1;
            _phase = ReaderPhase.AfterRoot;
        }
        else if (b == ',')
        {
            // The rest of the root object reads like an object's body; turning the comma into an opening
            // brace lets the JSON reader check it without re-reading the Records array.
            _buffer[i] = (byte)'{';
            _jsonState = default;
            _propertyRequired = true;
            _phase = ReaderPhase.TopRoot;
        }
        else
        {
            throw Format(i, $"invalid JSON: expected ',' or '}}' after the Records array, found {Describe(b)}");
        }

        return true;
    }

    /// <returns>False until the stream has ended with nothing but whitespace after the root object.</returns>
    private bool TryReadEnd()
    {
        var i = SkipWhitespace(_pos);
        if (i < _end)
        {
            throw Format(i, $"invalid JSON: {Describe(_buffer[i])} after the end of the log");
        }

        _pos = i;
        if (!_eof)
        {
            return false;
        }

        _phase = ReaderPhase.Done;
        return true;
    }
}
