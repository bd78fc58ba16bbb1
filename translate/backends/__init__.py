"""Translation backends: each turns batches of model-ready sentences into decoded ones."""
