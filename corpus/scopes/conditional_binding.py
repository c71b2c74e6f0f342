mode = "global mode"


def configure(verbose):
    if verbose:
        mode = "verbose"
    print("mode:", mode)


configure(True)
configure(False)
