package load_test

import "go.yaml.in/yaml/v3"

type yamlNode = yaml.Node
