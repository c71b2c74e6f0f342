import sys

print("about to stop")
sys.exit("fatal: configuration not found")
