"""One module per pipeline stage, each a plain function over model types."""
