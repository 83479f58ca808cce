import DbgProcess

/// A launch request as the process layer takes it: the API's request is what clients know;
/// `LaunchConfiguration` stays below the service.
extension API.LaunchRequest {
    var configuration: LaunchConfiguration {
        LaunchConfiguration(
            path: path, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            standardInput: standardInput.redirection, standardOutput: standardOutput.redirection,
            standardError: standardError.redirection)
    }
}

extension API.LaunchRequest.Stream {
    var redirection: LaunchConfiguration.Redirection {
        switch self {
        case .inherit: .inherit
        case .nullDevice: .nullDevice
        case .file(let path): .file(path)
        case .appendingFile(let path): .appendingFile(path)
        case .descriptor(let fd): .descriptor(fd)
        }
    }
}
