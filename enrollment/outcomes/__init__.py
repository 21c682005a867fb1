"""Does the academy work? Session evaluations, the before-and-after survey, alumni and their
volunteer hours, and the charts that report them (issue #17). Part of the enrollment app: its
models are imported by enrollment/models.py, its migrations are enrollment's."""
