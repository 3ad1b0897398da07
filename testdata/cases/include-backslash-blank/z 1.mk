z := globbed
