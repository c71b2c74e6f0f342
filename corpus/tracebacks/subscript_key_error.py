config = {"db": {"host": "localhost", "port": 5432}}


def get(section, key):
    return config[section][key]


print(get("db", "host"))
print(get("db", "user"))
