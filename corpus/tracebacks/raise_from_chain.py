settings = {"timeout": "30"}


def read_setting(name):
    try:
        return settings[name]
    except KeyError as exc:
        raise LookupError(f"setting {name!r} is missing") from exc


def startup():
    timeout = read_setting("timeout")
    retries = read_setting("retries")
    return timeout, retries


startup()
