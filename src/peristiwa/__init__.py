"""peristiwa: code Indonesian-language news into political event records."""
