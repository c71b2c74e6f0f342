def stop(kind):
    if kind == "class":
        raise KeyError
    raise KeyError()


try:
    stop("class")
except KeyError as e:
    print("caught:", repr(e), e.args)
stop("instance")
